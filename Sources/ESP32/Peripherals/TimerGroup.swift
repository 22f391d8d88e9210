// SPDX-License-Identifier: MIT
import XtensaCore

/// A timer group, TIMG0 or TIMG1 (esp32_emu_anchors.md §2.4): timers T0 and T1, the LACT timer ESP-IDF's
/// esp_timer uses, the main watchdog (MWDT), the RTC slow-clock calibration, and the interrupt registers.
///
/// Registers: 0x00 T0 block, 0x24 T1 block (see `GeneralPurposeTimer`), 0x48 WDTCONFIG0, 0x4C WDTCONFIG1
/// (prescaler), 0x50–0x5C WDTCONFIG2–5 (stage timeouts), 0x60 WDTFEED, 0x64 WDTPROTECT (key 0x50D83AA1),
/// 0x68/0x6C RTCCALICFG/1, 0x70 LACT block, 0x98 INT_ENA, 0x9C INT_RAW, 0xA0 INT_ST, 0xA4 INT_CLR, 0xF8 DATE.
/// Interrupt bits: 0 T0, 1 T1, 2 WDT, 3 LACT, each with a level source and an edge source.
public final class TimerGroup: MemoryMappedDevice {
    public let name: String
    /// What a watchdog stage does when it expires.
    public enum ResetKind: Sendable { case cpu, system }

    static let watchdogKey: UInt32 = 0x50D8_3AA1
    enum Bit {
        static let watchdog: UInt32 = 1 << 2
    }

    private let timers: [GeneralPurposeTimer]  // T0, T1, LACT
    private static let timerBases: [UInt32] = [0x00, 0x24, 0x70]
    private static let timerBits: [UInt32] = [1 << 0, 1 << 1, 1 << 3]
    private var enabledInterrupts: UInt32 = 0
    private var rawInterrupts: UInt32 = 0
    private var watchdogRegisters = [UInt32](repeating: 0, count: 6)  // WDTCONFIG0…5
    private var watchdogProtect: UInt32 = 0
    private var watchdogStage = 0
    private var watchdogEvent: Scheduler.EventID?
    private var calibrationConfig: UInt32 = 0
    private let levelSource: Int
    private let edgeSource: Int
    private let context: DeviceContext
    /// Whether the watchdog may act at all (`--wdt`; off by default, as `idf.py qemu` runs).
    private let watchdogArmed: Bool
    /// Performs a watchdog reset.
    var onWatchdogReset: (ResetKind) -> Void = { _ in }

    init(name: String, levelSource: Int, edgeSource: Int, watchdogArmed: Bool, context: DeviceContext) {
        self.name = name
        self.levelSource = levelSource
        self.edgeSource = edgeSource
        self.watchdogArmed = watchdogArmed
        self.context = context
        timers = ["T0", "T1", "LACT"].map { GeneralPurposeTimer(name: "\(name) \($0)", context: context) }
        for (index, timer) in timers.enumerated() {
            timer.onAlarm = { [unowned self] in alarm(bit: TimerGroup.timerBits[index], config: timer.config) }
        }
        reset()
    }

    func reset() {
        timers.forEach { $0.reset() }
        enabledInterrupts = 0
        rawInterrupts = 0
        watchdogRegisters = [0x0004_C000, 0x0001_0000, 0x018C_BA80, 0x07FF_FFFF, 0x000F_FFFF, 0x000F_FFFF]
        watchdogProtect = 0
        calibrationConfig = 0
        restartWatchdog()
        updateLines()
    }

    // MARK: - Interrupts

    private func alarm(bit: UInt32, config: UInt32) {
        rawInterrupts |= bit
        let bitIndex = bit.trailingZeroBitCount
        if config & GeneralPurposeTimer.Config.edgeInterrupt != 0 && enabledInterrupts & bit != 0 {
            context.matrix.pulse(source: edgeSource + bitIndex)
        }
        updateLines()
    }

    private func updateLines() {
        let status = rawInterrupts & enabledInterrupts
        for index in 0..<4 {
            context.matrix.setLevel(source: levelSource + index, asserted: status >> index & 1 != 0)
        }
    }

    // MARK: - Watchdog

    private var watchdogEnabled: Bool { watchdogRegisters[0] & 1 << 31 != 0 }

    private func restartWatchdog() {
        watchdogStage = 0
        scheduleWatchdogStage()
    }

    private func scheduleWatchdogStage() {
        context.scheduler.cancel(watchdogEvent)
        watchdogEvent = nil
        guard watchdogArmed, watchdogEnabled else { return }
        let prescaler = UInt64(max(watchdogRegisters[1] >> 16, 1))
        let timeout = UInt64(watchdogRegisters[2 + watchdogStage])
        let deadline = context.now() + context.clock.cycles(apbTicks: timeout * prescaler)
        watchdogEvent = context.scheduler.schedule(at: deadline, name: "\(name) watchdog stage \(watchdogStage)") {
            [weak self] in self?.watchdogStageExpired()
        }
    }

    private func watchdogStageExpired() {
        watchdogEvent = nil
        let action = watchdogRegisters[0] >> (29 - 2 * UInt32(watchdogStage)) & 3
        watchdogStage = (watchdogStage + 1) % 4
        switch action {
        case 1:
            rawInterrupts |= Bit.watchdog
            if watchdogRegisters[0] & 1 << 22 != 0 && enabledInterrupts & Bit.watchdog != 0 {
                context.matrix.pulse(source: edgeSource + 2)
            }
            updateLines()
        case 2: onWatchdogReset(.cpu)
        case 3: onWatchdogReset(.system)
        default: break
        }
        scheduleWatchdogStage()
    }

    // MARK: - MemoryMappedDevice

    private func timer(at offset: UInt32) -> (GeneralPurposeTimer, UInt32)? {
        for (index, base) in TimerGroup.timerBases.enumerated() where offset >= base && offset < base + 0x24 {
            return (timers[index], offset - base)
        }
        return nil
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        if let (timer, register) = timer(at: aligned) { return timer.read(register) }
        switch aligned {
        case 0x48...0x5C: return watchdogRegisters[Int(aligned - 0x48) / 4]
        case 0x64: return watchdogProtect
        case 0x68: return calibrationConfig
        case 0x6C: return calibrationValue << 7
        case 0x98: return enabledInterrupts
        case 0x9C: return rawInterrupts
        case 0xA0: return rawInterrupts & enabledInterrupts
        case 0xF8: return 0x1604_2000
        default: return 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        if let (timer, register) = timer(at: aligned) {
            timer.write(register, value)
            return
        }
        switch aligned {
        case 0x48...0x60 where watchdogProtect != TimerGroup.watchdogKey:
            break  // the watchdog is write-protected without the key
        case 0x48...0x5C:
            watchdogRegisters[Int(aligned - 0x48) / 4] = value
            restartWatchdog()
        case 0x60:
            restartWatchdog()  // feed
        case 0x64:
            watchdogProtect = value
        case 0x68:
            // Calibration completes at once: RDY (bit 15) is set and RTCCALICFG1 holds the result.
            calibrationConfig = value & 0x7FFF_6000 | (value & 1 << 31 != 0 ? 1 << 15 : calibrationConfig & 1 << 15)
        case 0x98:
            enabledInterrupts = value & 0xF
            updateLines()
        case 0xA4:
            rawInterrupts &= ~value
            updateLines()
        default:
            break
        }
    }

    /// XTAL (40 MHz) cycles counted over RTCCALICFG's MAX slow-clock cycles of the 150 kHz RC oscillator.
    private var calibrationValue: UInt32 {
        let slowCycles = UInt64(calibrationConfig >> 16 & 0x7FFF)
        return UInt32(truncatingIfNeeded: slowCycles * 40_000_000 / 150_000)
    }
}
