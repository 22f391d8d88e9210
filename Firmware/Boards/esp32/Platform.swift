// SPDX-License-Identifier: MIT
// What every ESP32 app gets from the platform in Swift: register access and the CPU interrupt API of
// Runtime/interrupts.h. (Part of each app's module; unused parts are dropped at link time.)
import _Volatile

/// A 32-bit peripheral register at `address` (ESP32 TRM addresses, DPORT bus).
func register(_ address: UInt) -> VolatileMappedRegister<UInt32> {
    VolatileMappedRegister<UInt32>(unsafeBitPattern: address)
}

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
