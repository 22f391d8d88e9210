// SPDX-License-Identifier: MIT
// What every ESP32 app gets from the platform in Swift: register access and the CPU interrupt API of
// Runtime/interrupts.h. (Part of each app's module; unused parts are dropped at link time.)
import _Volatile

/// A 32-bit peripheral register at `address` (ESP32 TRM addresses, DPORT bus).
func register(_ address: UInt) -> VolatileMappedRegister<UInt32> {
    VolatileMappedRegister<UInt32>(unsafeBitPattern: address)
}

/// `value`'s low `digits` hex digits, lower case, no prefix.
func hexDigits(_ value: UInt32, _ digits: Int) -> String {
    let alphabet: [UInt8] = Array("0123456789abcdef".utf8)
    return String(decoding: (0..<digits).map { alphabet[Int(value >> UInt32(4 * (digits - 1 - $0)) & 0xF)] },
                  as: UTF8.self)
}

/// "0x" and `digits` hex digits.
func hex(_ value: UInt32, digits: Int = 8) -> String { "0x" + hexDigits(value, digits) }

/// Bytes as hex, two digits each, no separators.
func hex(_ bytes: [UInt8]) -> String { bytes.map { hexDigits(UInt32($0), 2) }.joined() }

typealias InterruptHandler = @convention(c) (UnsafeMutableRawPointer?) -> Void

@_extern(c, "fw_interrupt_set_handler")
func setInterruptHandler(_ number: UInt32, _ handler: InterruptHandler?, _ context: UnsafeMutableRawPointer?)
@_extern(c, "fw_interrupt_enable") func enableInterrupts(_ mask: UInt32)
@_extern(c, "fw_interrupt_disable") func disableInterrupts(_ mask: UInt32)
@_extern(c, "fw_interrupt_mask") func maskInterrupts() -> UInt32
@_extern(c, "fw_interrupt_restore") func restoreInterrupts(_ ps: UInt32)
@_extern(c, "fw_wait_for_interrupt") func waitForInterrupt()
@_extern(c, "fw_current_ps") func currentPS() -> UInt32
@_extern(c, "fw_cycle_count") func cycleCount() -> UInt32
@_extern(c, "fw_set_cycle_compare") func setCycleCompare(_ which: UInt32, _ value: UInt32)

/// Starts the APP CPU running `entry` (Boards/esp32/app_cpu.c).
@_extern(c, "fw_start_app_cpu") func startAppCPU(_ entry: @convention(c) () -> Void)

/// Sleeps until `done()` holds, the interrupt-safe way: check with interrupts masked, then WAITI, so that an
/// interrupt arriving between the check and the sleep still wakes it.
func sleep(until done: () -> Bool) {
    while true {
        let ps = maskInterrupts()
        if done() {
            restoreInterrupts(ps)
            return
        }
        waitForInterrupt()
        restoreInterrupts(ps)
    }
}
