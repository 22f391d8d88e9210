// SPDX-License-Identifier: MIT
import XtensaCore

/// One of the two legacy FRC timers (esp32_emu_anchors.md §2.5): a 32-bit up-counter on the APB clock with
/// a prescaler, an alarm, auto-load and a level interrupt (sources 56 and 57).
///
/// Registers: 0x00 LOAD (also sets the count), 0x04 COUNT, 0x08 CTRL (LEVEL_INT b0, PRESCALER bits 3:1:
/// 0 → ÷1, 2 → ÷16, 4 → ÷256; AUTOLOAD b6, ENABLE b7, STATUS b8), 0x0C INT_CLR, 0x10 ALARM.
public final class FRCTimer: MemoryMappedDevice {
    public let name: String
    private var load: UInt32 = 0
    private var control: UInt32 = 0
    private var alarm: UInt32 = 0
    private var pending = false
    private var originCycle: UInt64 = 0
    private var originCount: UInt32 = 0
    private var alarmEvent: Scheduler.EventID?
    private let source: Int
    private let context: DeviceContext

    init(name: String, source: Int, context: DeviceContext) {
        self.name = name
        self.source = source
        self.context = context
    }

    private var prescaler: UInt64 {
        switch control >> 1 & 7 {
        case 2: 16
        case 4: 256
        default: 1
        }
    }

    func reset() {
        load = 0
        control = 0
        alarm = 0
        pending = false
        rebase(0)
        context.scheduler.cancel(alarmEvent)
        alarmEvent = nil
        context.matrix.setLevel(source: source, asserted: false)
    }

    private var isEnabled: Bool { control & 1 << 7 != 0 }

    private var count: UInt32 {
        guard isEnabled else { return originCount }
        return originCount
            &+ UInt32(truncatingIfNeeded: context.clock.apbTicks(cycles: context.now() - originCycle) / prescaler)
    }

    private func rebase(_ value: UInt32) {
        originCycle = context.now()
        originCount = value
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        switch offset & ~3 {
        case 0x00: load
        case 0x04: count
        case 0x08: control & ~(1 << 8) | (pending ? 1 << 8 : 0)
        case 0x10: alarm
        default: 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        switch offset & ~3 {
        case 0x00:
            load = value
            rebase(value)
        case 0x08:
            let current = count
            control = value
            rebase(current)
        case 0x0C:
            if value & 1 != 0 { pending = false }
        case 0x10:
            alarm = value
        default:
            break
        }
        context.matrix.setLevel(source: source, asserted: pending && control & 1 != 0)
        scheduleAlarm()
    }

    private func scheduleAlarm() {
        context.scheduler.cancel(alarmEvent)
        alarmEvent = nil
        guard isEnabled else { return }
        let remaining = UInt64(alarm &- count)
        let distance = remaining == 0 ? 1 << 32 : remaining
        let deadline = context.now() + context.clock.cycles(apbTicks: distance * prescaler)
        alarmEvent = context.scheduler.schedule(at: deadline, name: "\(name) alarm") { [weak self] in
            guard let self else { return }
            alarmEvent = nil
            pending = true
            if control & 1 << 6 != 0 { rebase(load) }
            context.matrix.setLevel(source: source, asserted: control & 1 != 0)
            scheduleAlarm()
        }
    }
}
