// SPDX-License-Identifier: MIT
// Idles for ten virtual seconds in WAITI, woken by a TIMG0 alarm: the workload of the idle benchmark
// (Tools/benchmark-idle), which measures how much wall time and host CPU that costs under --idle realtime
// and --idle fast.
import _Volatile

nonisolated(unsafe) var alarmFired = false

let alarmHandler: InterruptHandler = { _ in
    alarmFired = true
    register(0x3FF5_F0A4).store(1)      // TIMG0 INT_CLR: T0
}

@c public func app_main() {
    let timg0: UInt = 0x3FF5_F000
    let cpuInterrupt: UInt32 = 9
    print("idle: sleeping 10 s")
    setInterruptHandler(cpuInterrupt, alarmHandler, nil)
    register(0x3FF0_0104 + 4 * 14).store(cpuInterrupt)        // TIMG0 T0 level source → CPU interrupt 9
    register(timg0 + 0x00).store(1 << 30 | 80 << 13)          // stopped, counting up, 1 µs ticks
    register(timg0 + 0x20).store(1)                           // counter ← LOAD (0)
    register(timg0 + 0x10).store(10_000_000)                  // alarm after 10 s
    register(timg0 + 0x98).store(1)                           // INT_ENA: T0
    enableInterrupts(1 << cpuInterrupt)
    let start = cycleCount()
    register(timg0 + 0x00).store(1 << 31 | 1 << 30 | 1 << 11 | 1 << 10 | 80 << 13)
    sleep { alarmFired }
    print("idle: woke after \((cycleCount() &- start) / 240_000) ms")
}
