// SPDX-License-Identifier: MIT
import XtensaCore

/// One of the ESP32's two CPUs: its core, its view of the address space (shared memory and devices, its own
/// flash-cache windows) and, for the APP CPU, the DPORT run controls that hold it back.
public final class ESP32CPU {
    public enum Role: Int, Sendable { case pro = 0, app = 1 }

    public let role: Role
    public let core: Core
    public let addressSpace: AddressSpace
    public let cache: FlashCache

    /// APPCPU_CTRL_A bit 0: held in reset (the APP CPU's reset value; the PRO CPU is never held).
    var isHeldInReset: Bool
    /// APPCPU_CTRL_B bit 0: clock enabled.
    var isClockEnabled: Bool
    /// APPCPU_CTRL_C bit 0: run-stalled.
    var isRunStalled = false
    /// RTC_CNTL's stall fields for this CPU.
    var isRTCStalled = false
    /// Released from reset but waiting for APPCPU_CTRL_D (the boot address) to be written, as the ROM's APP
    /// CPU code waits before jumping there.
    var isWaitingForBootAddress = false

    init(role: Role, addressSpace: AddressSpace, cache: FlashCache) {
        self.role = role
        self.addressSpace = addressSpace
        self.cache = cache
        core = Core(addressSpace: addressSpace, processorID: role == .pro ? 0xCDCD : 0xABAB)
        isHeldInReset = role == .app
        isClockEnabled = role == .pro
    }

    /// Whether the CPU executes instructions now.
    public var isRunning: Bool {
        !isHeldInReset && isClockEnabled && !isRunStalled && !isRTCStalled && !isWaitingForBootAddress
    }
}
