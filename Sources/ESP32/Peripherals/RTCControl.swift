// SPDX-License-Identifier: MIT
import XtensaCore

/// RTC_CNTL (esp32_emu_anchors.md §2.6): software resets, reset causes, CPU stall, the RTC time counter and
/// the scratch registers that survive resets.
///
/// Registers: 0x00 OPTIONS0 (SW_SYS_RESET b31, SW_PROCPU_RESET b5, SW_APPCPU_RESET b4, stall C0 fields),
/// 0x0C TIME_UPDATE, 0x10/0x14 TIME0/1, 0x34 RESET_STATE, 0x4C–0x58 STORE0–3, 0x70 CLK_CONF, 0xAC SW_CPU_STALL,
/// 0xB0–0xBC STORE4–7, 0x13C DATE; other offsets are plain storage.
public final class RTCControl: MemoryMappedDevice {
    public let name = "RTC_CNTL"

    /// Reset causes as ESP-IDF reports them (RESET_REASON_*).
    public enum ResetCause: UInt32, Sendable {
        case powerOn = 1
        case softwareSystem = 3
        case timerGroup0System = 7
        case timerGroup1System = 8
        case timerGroupCPU = 11
        case softwareCPU = 12
    }

    /// What the firmware asked for through OPTIONS0.
    public enum ResetRequest: Sendable { case system, proCPU, appCPU }

    private var registers = [UInt32](repeating: 0, count: 0x140 / 4)
    private var timeLatched: UInt64 = 0
    private let context: DeviceContext
    var onResetRequest: (ResetRequest) -> Void = { _ in }
    /// Called when the stall fields may have changed (`isStalled(cpu:)` tells the new state).
    var onStallChange: () -> Void = {}
    /// The RC slow clock, 150 kHz, which the RTC time counter counts.
    static let slowClockHz: UInt64 = 150_000

    init(context: DeviceContext) {
        self.context = context
        registers[0x34 / 4] = ResetCause.powerOn.rawValue | ResetCause.powerOn.rawValue << 6 | 1 << 12 | 1 << 13
        registers[0x13C / 4] = 0x0160_4280
    }

    /// Records why the CPUs are (re)starting; the scratch registers keep their contents.
    func setResetCause(_ cause: ResetCause) {
        registers[0x34 / 4] = registers[0x34 / 4] & ~0xFFF | cause.rawValue | cause.rawValue << 6
    }

    public var resetCause: UInt32 { registers[0x34 / 4] & 0x3F }

    /// Whether the firmware stalls the CPU (the C0 and C1 fields together read 0x86).
    public func isStalled(cpu: Int) -> Bool {
        let c0 = registers[0] >> (cpu == 0 ? 2 : 0) & 3
        let c1 = registers[0xAC / 4] >> (cpu == 0 ? 26 : 20) & 0x3F
        return c1 << 2 | c0 == 0x86
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        switch aligned {
        case 0x0C: return registers[3] | 1 << 30  // TIME_VALID always reads 1
        case 0x10: return UInt32(truncatingIfNeeded: timeLatched)
        case 0x14: return UInt32(truncatingIfNeeded: timeLatched >> 32)
        default: return aligned < 0x140 ? registers[Int(aligned / 4)] : 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        guard aligned < 0x140, aligned != 0x34 else { return }  // RESET_STATE's causes are read-only
        registers[Int(aligned / 4)] = value
        switch aligned {
        case 0x00:
            if value & 1 << 31 != 0 { onResetRequest(.system) }
            if value & 1 << 5 != 0 { onResetRequest(.proCPU) }
            if value & 1 << 4 != 0 { onResetRequest(.appCPU) }
            registers[0] &= ~(1 << 31 | 1 << 5 | 1 << 4)
            onStallChange()
        case 0xAC:
            onStallChange()
        case 0x0C where value & 1 << 31 != 0:
            timeLatched = context.clock.nanoseconds(cycles: context.now()) * RTCControl.slowClockHz / 1_000_000_000
        default:
            break
        }
    }
}
