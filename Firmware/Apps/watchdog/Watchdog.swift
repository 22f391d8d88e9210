// SPDX-License-Identifier: MIT
// Arms TIMG0's main watchdog to reset the system after 50 ms and never feeds it. The emulator lets it act only
// under --wdt (as `idf.py qemu` runs with watchdogs off): then the chip restarts and reports reset cause 7
// (TG0WDT_SYS_RESET); otherwise the firmware reports after 200 ms that nothing happened.
import _Volatile

@c public func app_main() {
    let timg0: UInt = 0x3FF5_F000
    let cause = register(0x3FF4_8034).load() & 0x3F
    print("watchdog: boot, reset cause \(cause)")
    guard cause == 1 else { return }
    register(timg0 + 0x64).store(0x50D8_3AA1)              // WDTWPROTECT: unlock
    register(timg0 + 0x4C).store(80 << 16)                 // WDTCONFIG1: prescaler 80 → 1 µs
    register(timg0 + 0x50).store(50_000)                   // WDTCONFIG2: stage 0 timeout, 50 ms
    register(timg0 + 0x48).store(1 << 31 | 3 << 29)        // WDTCONFIG0: enable, stage 0 resets the system
    register(timg0 + 0x64).store(0)                        // lock again
    print("watchdog: armed, not feeding it")
    let start = cycleCount()
    while cycleCount() &- start < 200 * 240_000 {}
    print("watchdog: not reset")
}
