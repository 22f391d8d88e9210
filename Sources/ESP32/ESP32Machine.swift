// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// An ESP32: the PRO and APP CPUs with their views of the address space, the flash chip behind the cache, the
/// peripherals, the interrupt matrix and the virtual clock. Everything lives in this object — no globals — so
/// many machines can run in one process.
///
/// The machine runs the CPUs up to the next scheduled device event, fires what is due, and repeats. While the
/// APP CPU runs, the two take turns in short quanta, always in the same order, so runs repeat exactly. It never
/// reads the wall clock; pacing against real time and host I/O are the business of whoever drives it
/// (`Harness.Session`).
public final class ESP32Machine {
    /// Cycles each CPU runs before the other takes its turn.
    static let quantum: UInt64 = 500

    public let options: MachineOptions
    public let clock: VirtualClock
    public let scheduler: Scheduler
    public let flash: FlashChip
    /// PRO CPU (index 0) and APP CPU (index 1).
    public let cpus: [ESP32CPU]
    public let matrix: InterruptMatrix
    public let uarts: [UART]
    public let timerGroups: [TimerGroup]
    public let rtc: RTCControl
    public let efuse: EFuse
    /// The OpenCores Ethernet MAC (Espressif's QEMU's network card); a network backend attaches to it.
    public let ethernet: OpenEthernet
    let frcTimers: [FRCTimer]
    let dport: DPort

    /// The image booted, kept for resets and for symbolising crash reports.
    public internal(set) var image: FirmwareImage?
    /// An ELF with the booted firmware's symbols (the booted ELF, or one given for an app or flash image).
    public var symbols: ELFFile?
    /// Blocks touched that we do not model (for `--log unimp`), in order of first access.
    public private(set) var unmodelledAccesses: [String] = []
    /// Called with the name of an unmodelled block on its first access.
    public var onUnmodelledAccess: (String) -> Void = { _ in }
    /// The CPU whose run ended the last `run` early (a crash), if any.
    public private(set) var stoppedCPU: ESP32CPU?
    /// Whether a ROM runs (`--rom`): the APP CPU then starts at the reset vector, where the ROM waits for the
    /// boot address itself.
    var startsAppCPUInROM = false
    /// Where both CPUs start after reset.
    static let resetVector: UInt32 = 0x4000_0400
    /// The CPU executing now; devices read the time from its clock.
    private var running: ESP32CPU {
        didSet { timeSource.core = running.core }
    }
    private let timeSource: TimeSource

    public var pro: ESP32CPU { cpus[0] }
    public var app: ESP32CPU { cpus[1] }
    /// The PRO CPU's core and address space.
    public var core: Core { cpus[0].core }
    public var addressSpace: AddressSpace { cpus[0].addressSpace }

    /// Virtual time: CPU cycles since power-on.
    public var now: UInt64 { running.core.cycles }

    public init(options: MachineOptions = MachineOptions()) throws(FlashError) {
        self.options = options
        let clock = VirtualClock(cpuMHz: options.cpuMHz)
        let scheduler = Scheduler()
        let flash: FlashChip
        if let contents = options.flashContents {
            flash = try FlashChip(contents: contents)
        } else {
            flash = try FlashChip(erasedSize: 4 << 20)
        }
        let spaces = [AddressSpace(), AddressSpace()]
        spaces[0].sharesMemory(with: spaces[1])
        let cpus = [ESP32CPU.Role.pro, .app].map { role in
            ESP32CPU(
                role: role, addressSpace: spaces[role.rawValue],
                cache: FlashCache(addressSpace: spaces[role.rawValue], flash: flash))
        }
        for cpu in cpus {
            cpu.core.stopsOnDoubleException = options.stopOnGuestCrash
            cpu.core.stopsOnMissingHandler = options.stopOnGuestCrash
        }
        let matrix = InterruptMatrix(cores: cpus.map(\.core))
        self.clock = clock
        self.scheduler = scheduler
        self.flash = flash
        self.cpus = cpus
        self.matrix = matrix
        let timeSource = TimeSource(core: cpus[0].core)
        self.timeSource = timeSource
        running = cpus[0]
        let context = DeviceContext(clock: clock, scheduler: scheduler, matrix: matrix, now: { timeSource.core.cycles })
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
                name: "TIMG\(number)", levelSource: level, edgeSource: edge, watchdogArmed: options.watchdogs,
                context: context)
        }
        rtc = RTCControl(context: context)
        efuse = EFuse(mac: options.mac, context: context)
        ethernet = OpenEthernet(source: InterruptMatrix.Source.ethernetMAC, context: context, memory: spaces[0])
        frcTimers = [("FRC1", InterruptMatrix.Source.frcTimer1), ("FRC2", InterruptMatrix.Source.frcTimer2)]
            .map { FRCTimer(name: $0, source: $1, context: context) }
        dport = DPort(matrix: matrix, caches: cpus.map(\.cache))
        wireUp()
        buildAddressSpaces(context: context)
    }

    /// Connects the devices' requests to the machine: scheduling cuts the running CPU's turn short, resets,
    /// the APP CPU's run controls, RTC stalls, flash changes under the caches.
    private func wireUp() {
        scheduler.onSchedule = { [unowned self] deadline in running.core.endRun(atOrBefore: deadline) }
        rtc.onResetRequest = { [unowned self] request in
            switch request {
            case .system: requestReset(cause: .softwareSystem)
            case .proCPU: requestReset(cause: .softwareCPU)
            case .appCPU: holdAppCPUInReset()
            }
        }
        rtc.onStallChange = { [unowned self] in
            for cpu in cpus { cpu.isRTCStalled = rtc.isStalled(cpu: cpu.role.rawValue) }
            if app.isRunning { app.core.catchUp(to: pro.core.cycles) }
            running.core.endRun(atOrBefore: now)
        }
        for (index, group) in timerGroups.enumerated() {
            group.onWatchdogReset = { [unowned self] kind in
                requestReset(
                    cause: kind == .cpu ? .timerGroupCPU : index == 0 ? .timerGroup0System : .timerGroup1System)
            }
        }
        dport.onAppCPUControl = { [unowned self] register, value in appCPUControlWritten(register, value) }
        flash.onChange = { [unowned self] range in
            for cpu in cpus { cpu.cache.flashChanged(range) }
        }
    }

    private func buildAddressSpaces(context: DeviceContext) {
        for region in MemoryMap.memories {
            let storage = pro.addressSpace.addMemory(base: region.base, size: region.size, access: region.access)
            for cpu in cpus {
                if cpu !== pro {
                    cpu.addressSpace.mapMemory(
                        base: region.base, size: region.size, storage: storage,
                        access: region.access)
                }
                if let alias = region.alias {
                    cpu.addressSpace.mapMemory(
                        base: alias.base, size: region.size, storage: storage, access: alias.access)
                }
            }
        }
        let spi = [SPIController(name: "SPI1", flash: flash), SPIController(name: "SPI0", flash: flash)]
        var peripherals: [(MemoryMappedDevice, UInt32, UInt32)] = [
            (dport, 0x3FF0_0000, 0x1000),
            (AESAccelerator(), 0x3FF0_1000, 0x1000), (RSAAccelerator(), 0x3FF0_2000, 0x1000),
            (SHAAccelerator(), 0x3FF0_3000, 0x1000),
            (FlashMMUTables(caches: cpus.map(\.cache)), 0x3FF1_0000, 0x4000),
            (uarts[0], 0x3FF4_0000, 0x1000), (uarts[1], 0x3FF5_0000, 0x1000), (uarts[2], 0x3FF6_E000, 0x1000),
            (spi[0], 0x3FF4_2000, 0x1000), (spi[1], 0x3FF4_3000, 0x1000),
            (FRCGroup(timers: frcTimers), 0x3FF4_7000, 0x1000),
            (RTCPage(rtc: rtc), 0x3FF4_8000, 0x1000),
            (efuse, 0x3FF5_A000, 0x1000), (ethernet, 0x3FF6_9000, 0x1000),
            (timerGroups[0], 0x3FF5_F000, 0x1000), (timerGroups[1], 0x3FF6_0000, 0x1000),
            (HardwareRandomNumberGenerator(seed: options.seed), 0x3FF7_5000, 0x1000),
            (StorageDevice(name: "GPIO", fixed: [0x38: 0x12]), 0x3FF4_4000, 0x1000),  // strap: SPI flash boot
            // APB_CTRL DATE with bit 31 set: chip revision 3 (with the eFuse bits).
            (StorageDevice(name: "APB_CTRL", fixed: [0x7C: 0x9604_2000]), 0x3FF6_6000, 0x1000),
        ]
        for (name, base) in MemoryMap.unmodelledBlocks {
            let stub = StorageDevice(name: name)
            stub.onFirstAccess = { [unowned self] name in
                unmodelledAccesses.append(name)
                onUnmodelledAccess(name)
            }
            peripherals.append((stub, base, 0x1000))
        }
        for cpu in cpus {
            for (device, base, size) in peripherals {
                cpu.addressSpace.addDevice(device, base: base, size: size)
                if let mirror = MemoryMap.apbMirror(of: base) {
                    cpu.addressSpace.addDevice(device, base: mirror, size: size)
                }
            }
        }
    }

    // MARK: - The APP CPU

    /// DPORT APPCPU_CTRL_A…D: releasing the reset starts the APP CPU at the boot address (what the ROM's APP
    /// CPU code does: it waits for the address, then jumps there), once its clock runs and it is not stalled.
    private func appCPUControlWritten(_ register: UInt32, _ value: UInt32) {
        switch register {
        case DPort.Register.appCPUReset:
            if value & 1 != 0 {
                holdAppCPUInReset()
            } else if app.isHeldInReset {
                app.isHeldInReset = false
                if startsAppCPUInROM {
                    app.core.catchUp(to: pro.core.cycles)
                    app.core.reset(resetVector: ESP32Machine.resetVector)
                } else {
                    app.isWaitingForBootAddress = true
                    startAppCPUIfReady()
                }
            }
        case DPort.Register.appCPUClock: app.isClockEnabled = value & 1 != 0
        case DPort.Register.appCPURunStall: app.isRunStalled = value & 1 != 0
        case DPort.Register.appCPUBootAddress: startAppCPUIfReady()
        default: break
        }
        if app.isRunning { app.core.catchUp(to: pro.core.cycles) }
        running.core.endRun(atOrBefore: now)  // the other CPU's turn starts or ends with this instruction
    }

    private func startAppCPUIfReady() {
        let bootAddress = dport.register(DPort.Register.appCPUBootAddress)
        guard app.isWaitingForBootAddress, bootAddress != 0 else { return }
        app.isWaitingForBootAddress = false
        app.core.catchUp(to: pro.core.cycles)
        // The state the ROM's APP CPU code leaves behind when it calls the boot address: windowed calls on,
        // interrupts unmasked, the stack at the top of the APP ROM's data area.
        app.core.reset(resetVector: bootAddress & 0x7FFF_FFFF)
        app.core.setSpecialRegister(SpecialRegister.ps, ESP32Machine.romCallerPS)
        app.core.setRegister(1, ESP32Machine.appCPUROMStackTop)
    }

    /// PS as the ROM calls application code: PS.WOE and PS.UM set, INTLEVEL 0, EXCM clear.
    static let romCallerPS: UInt32 = 0x0004_0020
    /// The APP CPU ROM's stack top (its data area is the PRO CPU's moved by 0x3F10).
    static let appCPUROMStackTop: UInt32 = 0x3FFE_7E30

    private func holdAppCPUInReset() {
        app.isHeldInReset = true
        app.isWaitingForBootAddress = false
    }

    // MARK: - Resets

    /// A reset of the digital core, taking effect once the current instruction has finished: peripherals and
    /// CPUs restart, the image is loaded again (as the ROM and bootloader would from flash), RTC scratch
    /// registers keep their contents and RESET_STATE tells why.
    public func requestReset(cause: RTCControl.ResetCause) {
        scheduler.schedule(at: now, name: "reset") { [unowned self] in
            uarts.forEach { $0.reset() }
            timerGroups.forEach { $0.reset() }
            frcTimers.forEach { $0.reset() }
            ethernet.reset()
            matrix.resetMappings()
            dport.reset()
            for cpu in cpus { cpu.cache.reset() }
            holdAppCPUInReset()
            app.isClockEnabled = false
            app.isRunStalled = false
            rtc.setResetCause(cause)
            rebootAfterReset()
        }
    }

    // MARK: - Running

    /// The cycle of the next device event or, while running CPUs sleep, of the first CCOMPARE wake-up, if any.
    public var nextEventCycle: UInt64? {
        let wakeups = cpus.filter { $0.isRunning && $0.core.isWaiting }.compactMap { cpu in
            cpu.core.cyclesUntilTimerWakeup.map { cpu.core.cycles + $0 }
        }
        return ([scheduler.nextDeadline].compactMap { $0 } + wakeups).min()
    }

    /// Every running CPU sleeps with nothing pending: time may skip to `nextEventCycle`.
    public var isIdle: Bool { cpus.allSatisfy { !$0.isRunning || $0.core.isIdle } }

    /// Runs for up to `cycles` CPU cycles, firing device events as their time comes. Returns early for what
    /// the guest cannot handle itself (a crash, a semihosting exit; `stoppedCPU` tells which CPU), and
    /// reports `.waitingForInterrupt` when every running CPU sleeps at the end.
    public func run(cycles: UInt64) -> StopReason {
        stoppedCPU = nil
        let end = now + cycles
        while now < end {
            let sliceEnd = min(end, scheduler.nextDeadline ?? end)
            if app.isRunning {
                if let stop = run(pro, until: min(sliceEnd, now + ESP32Machine.quantum)) { return stop }
                if let stop = run(app, until: pro.core.cycles) { return stop }
            } else if let stop = run(pro, until: sliceEnd) {
                return stop
            }
            scheduler.fireDue(now: now)
        }
        return isIdle ? .waitingForInterrupt : .budgetExhausted
    }

    /// Runs `cpu` until its clock reaches `end`; returns a stop reason the machine cannot handle itself.
    private func run(_ cpu: ESP32CPU, until end: UInt64) -> StopReason? {
        guard cpu.isRunning, end > cpu.core.cycles else {
            cpu.core.catchUp(to: end)
            return nil
        }
        running = cpu
        defer { running = pro }
        switch cpu.core.run(cycles: Int(end - cpu.core.cycles)) {
        case .budgetExhausted, .waitingForInterrupt:
            return nil
        case let reason:
            stoppedCPU = cpu
            return reason
        }
    }
}

/// Where devices read the time: the clock of the CPU that is executing (the two differ by up to a quantum).
private final class TimeSource {
    unowned var core: Core

    init(core: Core) { self.core = core }
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
