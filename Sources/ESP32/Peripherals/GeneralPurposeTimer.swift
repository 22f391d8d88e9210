// SPDX-License-Identifier: MIT

/// One 64-bit timer of a timer group (T0, T1 or the LACT timer): counts APB ticks through a 16-bit divider,
/// up or down, with an alarm and auto-reload (esp32_emu_anchors.md §2.4). Its value is derived from the
/// virtual clock, never stepped.
///
/// Register block (offsets from the timer's base): 0x00 CONFIG, 0x04/0x08 LO/HI (latched), 0x0C UPDATE,
/// 0x10/0x14 ALARMLO/HI, 0x18/0x1C LOADLO/HI, 0x20 LOAD.
final class GeneralPurposeTimer {
    enum Config {
        static let enable: UInt32 = 1 << 31
        static let increase: UInt32 = 1 << 30
        static let autoReload: UInt32 = 1 << 29
        static let edgeInterrupt: UInt32 = 1 << 12
        static let levelInterrupt: UInt32 = 1 << 11
        static let alarmEnable: UInt32 = 1 << 10
        static let resetValue: UInt32 = increase | autoReload | 1 << 13
    }

    private(set) var config = Config.resetValue
    private var latched: UInt64 = 0
    private var alarm: UInt64 = 0
    private var load: UInt64 = 0
    /// The counter was `originValue` at CPU cycle `originCycle`.
    private var originCycle: UInt64 = 0
    private var originValue: UInt64 = 0
    private var alarmEvent: Scheduler.EventID?
    private let name: String
    private let context: DeviceContext
    /// Called when the alarm fires (the group raises the interrupt).
    var onAlarm: () -> Void = {}

    init(name: String, context: DeviceContext) {
        self.name = name
        self.context = context
    }

    /// Divider field 0 means 65536; 1 behaves as 2.
    private var divider: UInt64 {
        let field = UInt64(config >> 13 & 0xFFFF)
        return field == 0 ? 65536 : max(field, 2)
    }

    private var isRunning: Bool { config & Config.enable != 0 }

    /// The counter now.
    var value: UInt64 {
        guard isRunning else { return originValue }
        let ticks = context.clock.apbTicks(cycles: context.now() - originCycle) / divider
        return config & Config.increase != 0 ? originValue &+ ticks : originValue &- ticks
    }

    private func rebase(to newValue: UInt64) {
        originCycle = context.now()
        originValue = newValue
    }

    func read(_ offset: UInt32) -> UInt32 {
        switch offset {
        case 0x00: config
        case 0x04: UInt32(truncatingIfNeeded: latched)
        case 0x08: UInt32(truncatingIfNeeded: latched >> 32)
        case 0x10: UInt32(truncatingIfNeeded: alarm)
        case 0x14: UInt32(truncatingIfNeeded: alarm >> 32)
        case 0x18: UInt32(truncatingIfNeeded: load)
        case 0x1C: UInt32(truncatingIfNeeded: load >> 32)
        default: 0
        }
    }

    func write(_ offset: UInt32, _ word: UInt32) {
        switch offset {
        case 0x00:
            let current = value  // the counter keeps its value across configuration changes
            config = word
            rebase(to: current)
        case 0x0C: latched = value
        case 0x10: alarm = alarm & ~0xFFFF_FFFF | UInt64(word)
        case 0x14: alarm = alarm & 0xFFFF_FFFF | UInt64(word) << 32
        case 0x18: load = load & ~0xFFFF_FFFF | UInt64(word)
        case 0x1C: load = load & 0xFFFF_FFFF | UInt64(word) << 32
        case 0x20: rebase(to: load)
        default: break
        }
        scheduleAlarm()
    }

    /// Schedules the alarm event for when the counter reaches the alarm value.
    func scheduleAlarm() {
        context.scheduler.cancel(alarmEvent)
        alarmEvent = nil
        guard isRunning, config & Config.alarmEnable != 0 else { return }
        let current = value
        let increasing = config & Config.increase != 0
        let remaining = increasing ? (alarm > current ? alarm - current : 0) : (current > alarm ? current - alarm : 0)
        // The next tick boundary, then `remaining` ticks of `divider` APB cycles.
        let elapsedTicks = context.clock.apbTicks(cycles: context.now() - originCycle)
        let apbTicks = (elapsedTicks / divider + remaining) * divider
        let deadline = originCycle + context.clock.cycles(apbTicks: apbTicks)
        alarmEvent = context.scheduler.schedule(at: max(deadline, context.now()), name: "\(name) alarm") {
            [weak self] in
            self?.fire()
        }
    }

    private func fire() {
        alarmEvent = nil
        config &= ~Config.alarmEnable  // the hardware clears the enable when the alarm goes off
        if config & Config.autoReload != 0 { rebase(to: load) }
        onAlarm()
        scheduleAlarm()
    }

    func reset() {
        config = Config.resetValue
        latched = 0
        alarm = 0
        load = 0
        rebase(to: 0)
        context.scheduler.cancel(alarmEvent)
        alarmEvent = nil
    }
}
