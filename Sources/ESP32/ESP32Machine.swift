// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// An ESP32: the PRO CPU, its address space, the peripherals, the interrupt matrix and the virtual clock.
/// Everything lives in this object — no globals — so many machines can run in one process.
///
/// The machine runs the CPU up to the next scheduled device event, fires what is due, and repeats. It never
/// reads the wall clock; pacing against real time and host I/O are the business of whoever drives it
/// (`Harness.Session`).
public final class ESP32Machine {
    public let options: MachineOptions
    public let clock: VirtualClock
    public let scheduler: Scheduler
    public let addressSpace = AddressSpace()
    public let core: Core
    public let matrix: InterruptMatrix
    public let uarts: [UART]
    public let timerGroups: [TimerGroup]
    public let rtc: RTCControl
    public let efuse: EFuse
    let frcTimers: [FRCTimer]
    let dport: DPort

    /// The booted image, kept for resets and for symbolising crash reports.
    public private(set) var image: ELFFile?
    /// Blocks touched that we do not model (for `--log unimp`), in order of first access.
    public private(set) var unmodelledAccesses: [String] = []
    /// Called with the name of an unmodelled block on its first access.
    public var onUnmodelledAccess: (String) -> Void = { _ in }

    /// Virtual time: CPU cycles since power-on.
    public var now: UInt64 { core.cycles }

    public init(options: MachineOptions = MachineOptions()) {
        self.options = options
        let clock = VirtualClock(cpuMHz: options.cpuMHz)
        let scheduler = Scheduler()
        let core = Core(addressSpace: addressSpace)
        core.stopsOnDoubleException = options.stopOnGuestCrash
        core.stopsOnMissingHandler = options.stopOnGuestCrash
        let matrix = InterruptMatrix(cores: [core])
        self.clock = clock
        self.scheduler = scheduler
        self.core = core
        self.matrix = matrix
        let context = DeviceContext(
            clock: clock, scheduler: scheduler, matrix: matrix, now: { [unowned core] in core.cycles })
        uarts = [
            (0, InterruptMatrix.Source.uart0), (1, InterruptMatrix.Source.uart1), (2, InterruptMatrix.Source.uart2),
        ]
        .map { number, source in UART(name: "UART\(number)", source: source, context: context) }
        timerGroups = [
            (0, InterruptMatrix.Source.timerGroup0Level, InterruptMatrix.Source.timerGroup0Edge),
            (1, InterruptMatrix.Source.timerGroup1Level, InterruptMatrix.Source.timerGroup1Edge),
        ]
        .map { number, level, edge in
            TimerGroup(
                name: "TIMG\(number)", levelSource: level, edgeSource: edge,
                watchdogArmed: options.watchdogs, context: context)
        }
        rtc = RTCControl(context: context)
        efuse = EFuse(mac: options.mac, context: context)
        frcTimers = [("FRC1", InterruptMatrix.Source.frcTimer1), ("FRC2", InterruptMatrix.Source.frcTimer2)]
            .map { FRCTimer(name: $0, source: $1, context: context) }
        dport = DPort(matrix: matrix)
        scheduler.onSchedule = { [unowned core] deadline in core.endRun(atOrBefore: deadline) }
        buildAddressSpace()
        rtc.onResetRequest = { [unowned self] request in
            switch request {
            case .system: requestReset(cause: .softwareSystem)
            case .proCPU: requestReset(cause: .softwareCPU)
            case .appCPU: break  // the APP CPU is not started in this part of the SoC
            }
        }
        for (index, group) in timerGroups.enumerated() {
            group.onWatchdogReset = { [unowned self] kind in
                requestReset(
                    cause: kind == .cpu ? .timerGroupCPU : index == 0 ? .timerGroup0System : .timerGroup1System)
            }
        }
    }

    private func buildAddressSpace() {
        for region in MemoryMap.memories {
            addressSpace.addMemory(base: region.base, size: region.size, access: region.access)
        }
        var peripherals: [(MemoryMappedDevice, UInt32, UInt32)] = [
            (dport, 0x3FF0_0000, 0x1000),
            (uarts[0], 0x3FF4_0000, 0x1000), (uarts[1], 0x3FF5_0000, 0x1000), (uarts[2], 0x3FF6_E000, 0x1000),
            (FRCGroup(timers: frcTimers), 0x3FF4_7000, 0x1000),
            (RTCPage(rtc: rtc), 0x3FF4_8000, 0x1000),
            (efuse, 0x3FF5_A000, 0x1000),
            (timerGroups[0], 0x3FF5_F000, 0x1000), (timerGroups[1], 0x3FF6_0000, 0x1000),
            (HardwareRandomNumberGenerator(seed: options.seed), 0x3FF7_5000, 0x1000),
            (StorageDevice(name: "GPIO", fixed: [0x38: 0x12]), 0x3FF4_4000, 0x1000),  // strap: SPI flash boot
            // APB_CTRL DATE with bit 31 set: chip revision 3 (with the eFuse bits).
            (StorageDevice(name: "APB_CTRL", fixed: [0x7C: 0x9604_2000]), 0x3FF6_6000, 0x1000),
            (StorageDevice(name: "flash MMU"), 0x3FF1_0000, 0x4000),
        ]
        for (name, base) in MemoryMap.unmodelledBlocks {
            let stub = StorageDevice(name: name)
            stub.onFirstAccess = { [unowned self] name in
                unmodelledAccesses.append(name)
                onUnmodelledAccess(name)
            }
            peripherals.append((stub, base, 0x1000))
        }
        for (device, base, size) in peripherals {
            addressSpace.addDevice(device, base: base, size: size)
            if let mirror = MemoryMap.apbMirror(of: base) { addressSpace.addDevice(device, base: mirror, size: size) }
        }
    }

    // MARK: - Booting

    /// Loads an ELF's segments where they belong and points the CPU at its entry, as a reset would.
    public func boot(elf: ELFFile) throws(ImageFormatError) {
        guard elf.machine == ELFFile.machineXtensa else {
            throw ImageFormatError(
                offset: 18, field: "e_machine",
                problem: "\(elf.machine) is not Xtensa (94): this is not ESP32 firmware")
        }
        for (index, segment) in elf.segments.enumerated() where segment.isLoadable {
            guard ESP32AddressRegion.containing(segment.virtualAddress, length: segment.memorySize) != nil,
                addressSpace.load(elf.contents(of: segment), at: segment.virtualAddress)
            else {
                throw ImageFormatError(
                    offset: 52 + index * 32 + 8, field: "program header \(index) p_vaddr",
                    problem: "0x\(String(segment.virtualAddress, radix: 16)) + \(segment.memorySize) bytes is not "
                        + "in ESP32 memory (DRAM, IRAM, RTC memory or the flash windows)")
            }
        }
        image = elf
        core.reset(resetVector: elf.entry)
    }

    /// A reset of the digital core, taking effect once the current instruction has finished: peripherals and
    /// CPU restart, the image is loaded again (as the ROM and bootloader would from flash), RTC scratch
    /// registers keep their contents and RESET_STATE tells why.
    public func requestReset(cause: RTCControl.ResetCause) {
        scheduler.schedule(at: now, name: "reset") { [unowned self] in
            uarts.forEach { $0.reset() }
            timerGroups.forEach { $0.reset() }
            frcTimers.forEach { $0.reset() }
            matrix.resetMappings()
            rtc.setResetCause(cause)
            if let image { try? boot(elf: image) }
        }
    }

    // MARK: - Running

    /// The cycle of the next device event or, while the CPU sleeps, of its CCOMPARE wake-up, if any.
    public var nextEventCycle: UInt64? {
        let timerWakeup = core.isWaiting ? core.cyclesUntilTimerWakeup.map { now + $0 } : nil
        return [scheduler.nextDeadline, timerWakeup].compactMap { $0 }.min()
    }

    /// Asleep with nothing pending: time may skip to `nextEventCycle`.
    public var isIdle: Bool { core.isIdle }

    /// Runs for up to `cycles` CPU cycles, firing device events as their time comes. Returns early for what
    /// the guest cannot handle itself (a crash, a semihosting exit), and reports `.waitingForInterrupt` when
    /// the CPU sleeps at the end.
    public func run(cycles: UInt64) -> StopReason {
        let end = now + cycles
        while now < end {
            let slice = min(end, scheduler.nextDeadline ?? end) - min(now, end)
            if slice > 0 {
                let reason = core.run(cycles: Int(slice))
                switch reason {
                case .budgetExhausted, .waitingForInterrupt: break
                default: return reason
                }
            }
            scheduler.fireDue(now: now)
        }
        return core.isWaiting ? .waitingForInterrupt : .budgetExhausted
    }
}

/// RTC_CNTL shares its 4 KB page with RTCIO, SENS and RTC I2C (not modelled: plain registers).
final class RTCPage: MemoryMappedDevice {
    let name = "RTC"
    private let rtc: RTCControl
    private let rest = StorageDevice(name: "RTCIO/SENS")

    init(rtc: RTCControl) { self.rtc = rtc }

    func read(offset: UInt32, size: Int) -> UInt32 {
        offset < 0x400 ? rtc.read(offset: offset, size: size) : rest.read(offset: offset, size: size)
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        if offset < 0x400 {
            rtc.write(offset: offset, size: size, value: value)
        } else {
            rest.write(offset: offset, size: size, value: value)
        }
    }
}

/// The two FRC timers share a page, 0x20 bytes apart.
final class FRCGroup: MemoryMappedDevice {
    let name = "FRC"
    private let timers: [FRCTimer]

    init(timers: [FRCTimer]) { self.timers = timers }

    func read(offset: UInt32, size: Int) -> UInt32 {
        offset < 0x40 ? timers[Int(offset / 0x20)].read(offset: offset % 0x20, size: size) : 0
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        if offset < 0x40 { timers[Int(offset / 0x20)].write(offset: offset % 0x20, size: size, value: value) }
    }
}
