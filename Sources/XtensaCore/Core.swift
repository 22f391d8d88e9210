// SPDX-License-Identifier: MIT
import XtensaISA

/// Services a core needs from the machine around it.
public protocol CoreHost: AnyObject {
    /// SIMCALL (semihosting on the sim board; a no-op on ESP32 silicon). Reads arguments from a2–a5 and
    /// writes results back through `core`.
    func simcall(_ core: Core)
}

/// One Xtensa LX6 core configured as the ESP32's (xtensa_isa.md §1): 64 windowed address registers,
/// zero-overhead loops, XEA2 exceptions, and the ESP32's options. Execution runs from predecoded instructions
/// (`DecodedInstruction`) cached per address in the address space.
///
/// Files: `Core+Run` (fetch and run loop), `Core+Execute` (the dispatch), `Core+Exceptions`, `Core+Memory`,
/// `Core+Windowed`, `Core+SpecialRegisters`, `Core+Arithmetic`, `Core+Interrupts` (levels, timers, WAITI),
/// `Core+MAC16`, `Core+FloatingPoint`, `Core+RegionProtection`, `Core+Debug`.
public final class Core {
    public let addressSpace: AddressSpace
    public weak var host: CoreHost?

    /// The 64 physical address registers, a(n) being physical register (4·WINDOWBASE + n) mod 64, plus 16
    /// slots that mirror registers 0…15 while the window wraps past 63 (WINDOWBASE 13…15), so that the visible
    /// window is always the 16 contiguous slots at `windowRegisters` (see `setWindowOffset`).
    let ar: UnsafeMutablePointer<UInt32>
    /// 4 · WINDOWBASE.
    private(set) var windowOffset: UInt32 = 0
    /// a0 of the current window: `ar + windowOffset`.
    private(set) var windowRegisters: UnsafeMutablePointer<UInt32>
    var windowStart: UInt32 = 1
    public internal(set) var pc: UInt32
    var ps: UInt32 = ProcessorStatus.resetValue
    var sar: UInt32 = 0
    var loopBegin: UInt32 = 0
    var loopEnd: UInt32 = 0
    var loopCount: UInt32 = 0
    /// How many panes above WINDOWBASE an instruction may use without a window overflow: the number of clear
    /// WINDOWSTART bits above WINDOWBASE, capped at 3; 3 when window checks are off (WOE = 0 or EXCM = 1).
    var freePanes: UInt8 = 3
    /// `freePanes` in the bit position of `DecodedInstruction.info`'s pane field, for a one-compare check.
    var freePanesShifted: UInt8 = 3 << 2

    /// Special registers without dedicated storage, indexed by SR number.
    let special: UnsafeMutablePointer<UInt32>
    /// User registers (THREADPTR, FCR, FSR, EXPSTATE, F64*), indexed by UR number.
    let user: UnsafeMutablePointer<UInt32>
    /// FPU registers f0–f15 as raw single-precision bit patterns.
    let floatRegisters: UnsafeMutablePointer<UInt32>
    /// Clock cycles since the core was created: one per instruction (retired or faulting) plus cycles spent in
    /// WAITI. It is the machine's time and never goes back (not even on reset); CCOUNT is derived from it.
    public internal(set) var cycles: UInt64 = 0
    /// Pending interrupts (the INTERRUPT special register).
    var interruptPending: UInt32 = 0
    /// Current state of the external interrupt lines driven by the SoC.
    var externalLines: UInt32 = 0
    /// Set when something changed that may make an interrupt takeable, a timer deadline move or the debug
    /// checks switch on or off; the run loop then re-examines the core between instructions.
    var attention = true
    /// WAITI: the core sleeps until an interrupt above the current level is pending.
    public internal(set) var isWaiting = false
    /// IBREAK, ICOUNT or DBREAK are armed: instructions run through the slower checking path.
    var debugChecksActive = false
    /// Stop the run (`StopReason.unhandledException`) instead of entering the double-exception vector.
    public var stopsOnDoubleException = false
    /// Stop the run instead of entering an exception vector whose memory holds no code (unmapped, or the
    /// all-zero ILL word of memory nothing was loaded into).
    public var stopsOnMissingHandler = false
    /// Called for every general exception and interrupt the core takes, before it enters the vector
    /// (`--trace-exceptions`). Window overflow and underflow are not reported: they are routine.
    public var onVectorTaken: ((VectorEvent) -> Void)?
    /// The DBREAKA values whose 64-byte blocks are currently watched, per data breakpoint.
    var watchedDataBreakpoints: [UInt32?] = [nil, nil]
    /// A host debugger's breakpoints: the run stops (`StopReason.hostBreakpoint`) before executing an instruction
    /// at one of these addresses. Nothing in the guest's memory or debug registers changes; they sit in the decode
    /// cache (`Core+Debug`), so they cost nothing until reached.
    public var hostBreakpoints: Set<UInt32> = [] {
        didSet { placeHostBreakpoints(replacing: oldValue) }
    }
    /// Resuming from a host breakpoint: the instruction at this address executes once without stopping.
    public var hostBreakpointResumeAddress: UInt32?
    /// A host debugger's watchpoints: an access that overlaps one completes, then the run stops
    /// (`StopReason.hostWatchpoint`). Their pages take the slow path; the guest sees nothing.
    public var hostWatchpoints: [HostWatchpoint] = [] {
        didSet {
            for point in oldValue { addressSpace.watch(point.address, length: Int(point.length), false) }
            for point in hostWatchpoints { addressSpace.watch(point.address, length: Int(point.length), true) }
            updateDebugChecks()
        }
    }

    /// Sees each instruction before it executes and may stop the run there (an instruction tracer, a debugger
    /// stepping by source line). While one is set, instructions take the checking path.
    public var instructionObserver: InstructionObserver? {
        didSet { updateDebugChecks() }
    }

    /// The cycle at which the current `run` ends (see `endRun(atOrBefore:)`).
    var runEnd: UInt64 = 0
    /// Set when an instruction raised an exception (the PC already points at the vector).
    var exceptionTaken = false
    /// Set by instructions that end a `run` early (semihosting exit, an unrecoverable fault).
    var stopReason: StopReason?

    /// PRID: which CPU this is (the ESP32's PRO CPU reads 0xCDCD, its APP CPU 0xABAB).
    public let processorID: UInt32

    public init(addressSpace: AddressSpace, resetVector: UInt32 = 0x4000_0400, processorID: UInt32 = 0xCDCD) {
        self.addressSpace = addressSpace
        self.processorID = processorID
        ar = .allocate(capacity: 80)
        ar.initialize(repeating: 0, count: 80)
        windowRegisters = ar
        special = .allocate(capacity: 256)
        special.initialize(repeating: 0, count: 256)
        user = .allocate(capacity: 256)
        user.initialize(repeating: 0, count: 256)
        floatRegisters = .allocate(capacity: 16)
        floatRegisters.initialize(repeating: 0, count: 16)
        pc = resetVector
        reset(resetVector: resetVector)
    }

    deinit {
        ar.deallocate()
        special.deallocate()
        user.deallocate()
        floatRegisters.deallocate()
    }

    /// Moves the clock of a core that has not been running (held in reset, stalled) to the machine's time
    /// `cycle`; CCOUNT keeps its value.
    public func catchUp(to cycle: UInt64) {
        guard cycle > cycles else { return }
        let count = cycleCount
        cycles = cycle
        setCycleCount(count)
    }

    /// Puts the core in its reset state (xtensa_isa.md §1.5) with the PC at `resetVector`.
    public func reset(resetVector: UInt32) {
        ar.update(repeating: 0, count: 80)
        special.update(repeating: 0, count: 256)
        user.update(repeating: 0, count: 256)
        floatRegisters.update(repeating: 0, count: 16)
        pc = resetVector
        windowOffset = 0
        windowRegisters = ar
        windowStart = 1
        ps = ProcessorStatus.resetValue
        sar = 0
        loopBegin = 0
        loopEnd = 0
        loopCount = 0
        special[Int(SpecialRegister.vecbase)] = 0x4000_0000
        special[Int(SpecialRegister.atomctl)] = 0x28
        special[Int(SpecialRegister.memctl)] = 1
        special[Int(SpecialRegister.configid0)] = 0xC2BC_FFFE
        special[Int(SpecialRegister.configid1)] = 0x1CC5_FE96
        special[Int(SpecialRegister.prid)] = processorID
        exceptionTaken = false
        stopReason = nil
        setCycleCount(0)  // CCOUNT restarts; `cycles`, the machine's clock, goes on
        interruptPending = 0
        externalLines = 0
        isWaiting = false
        attention = true
        for region in 0..<8 {
            addressSpace.setRegionAttribute(region: region, instruction: 2, data: 2)
        }
        updateWindowChecks()
    }

    // MARK: - Registers

    /// Visible address register a(n) of the current window.
    @inline(__always) func a(_ n: UInt8) -> UInt32 { windowRegisters[Int(n)] }
    @inline(__always) func setA(_ n: UInt8, _ value: UInt32) { windowRegisters[Int(n)] = value }

    /// Moves the window to `offset` (4 · WINDOWBASE). While a window wraps past physical register 63, its
    /// wrapped part lives in the mirror slots 64…79: they are filled from registers 0… when such a window is
    /// entered and written back when it is left. Windows that do not wrap cost nothing extra.
    func setWindowOffset(_ offset: UInt32) {
        let old = Int(windowOffset)
        if old > 48 { (ar + 0).update(from: ar + 64, count: old + 16 - 64) }
        let new = Int(offset & 63)
        if new > 48 { (ar + 64).update(from: ar + 0, count: new + 16 - 64) }
        windowOffset = UInt32(new)
        windowRegisters = ar + new
    }

    /// Physical register `index` (0…63), reading the mirror slot while the current window wraps over it.
    func physicalSlot(_ index: Int) -> Int {
        index < Int(windowOffset) + 16 - 64 ? index + 64 : index
    }

    /// a0–a15 of the current window.
    public func register(_ n: Int) -> UInt32 {
        precondition((0..<16).contains(n))
        return a(UInt8(n))
    }

    public func setRegister(_ n: Int, _ value: UInt32) {
        precondition((0..<16).contains(n))
        setA(UInt8(n), value)
    }

    /// All 64 physical address registers.
    public var physicalRegisters: [UInt32] { (0..<64).map { ar[physicalSlot($0)] } }

    public func setPhysicalRegister(_ index: Int, _ value: UInt32) {
        precondition((0..<64).contains(index))
        ar[physicalSlot(index)] = value
    }

    public func setPC(_ value: UInt32) { pc = value }

    /// FPU register f`n` (0…15), as raw bits.
    public func floatRegister(_ n: Int) -> UInt32 {
        precondition((0..<16).contains(n))
        return floatRegisters[n]
    }

    public func setFloatRegister(_ n: Int, _ value: UInt32) {
        precondition((0..<16).contains(n))
        floatRegisters[n] = value
    }

    public var windowBase: UInt32 { windowOffset >> 2 }

    /// Processor status, including the fields instructions change implicitly.
    public var processorStatus: UInt32 { ps }

    /// The effective interrupt level: PS.INTLEVEL, raised to EXCMLEVEL while PS.EXCM is set.
    var currentInterruptLevel: UInt32 {
        max(ps & ProcessorStatus.intLevelMask, ps & ProcessorStatus.excm != 0 ? ProcessorStatus.exceptionModeLevel : 0)
    }

    /// Recomputes `freePanes` after WINDOWBASE, WINDOWSTART or PS changed.
    @inline(__always) func updateWindowChecks() {
        defer { freePanesShifted = freePanes << 2 }
        guard ps & ProcessorStatus.woe != 0, ps & ProcessorStatus.excm == 0 else {
            freePanes = 3
            return
        }
        let base = windowOffset >> 2
        // Rotate WINDOWSTART so that the pane above WINDOWBASE is bit 0, then count its clear low bits.
        let rotated = ((windowStart | windowStart << 16) >> (base + 1)) & 0xFFFF
        freePanes = UInt8(min(rotated.trailingZeroBitCount, 3))
    }
}

/// Why `Core.run` returned.
public enum StopReason: Equatable, Sendable {
    /// The cycle budget was used up.
    case budgetExhausted
    /// The core executed WAITI and nothing inside it (no armed CCOMPARE timer) can wake it: only an
    /// external interrupt line can.
    case waitingForInterrupt
    /// SIMCALL exit on the sim board, with the guest's status.
    case exited(Int32)
    /// The core cannot continue: an exception occurred while its handler could not be fetched.
    case unrecoverableException(cause: ExceptionCause, pc: UInt32)
    /// An exception the firmware has no handler for (its vector holds no code), or, with
    /// `stopsOnDoubleException`, a double exception. The core stays at the faulting instruction with
    /// EXCCAUSE and EXCVADDR set, for a crash report.
    case unhandledException(cause: ExceptionCause, pc: UInt32, isDouble: Bool)
    /// A host debugger's breakpoint (`Core.hostBreakpoints`): the instruction at `pc` has not executed yet.
    case hostBreakpoint(pc: UInt32)
    /// A host debugger's watchpoint: the instruction that accessed `address` has completed.
    case hostWatchpoint(HostWatchpoint, address: UInt32, isStore: Bool)
    /// The `instructionObserver` asked to stop before the instruction at `pc`.
    case observerStop(pc: UInt32)
}

/// Watches a core's instructions (`Core.instructionObserver`).
public protocol InstructionObserver: AnyObject {
    /// Called before the instruction at `core.pc` executes; true stops the run there (`StopReason.observerStop`),
    /// the instruction not executed. An interrupt or exception taken instead shows as the next call's PC.
    func shouldStop(before core: Core) -> Bool
}

/// A range of guest addresses a host debugger watches (`Core.hostWatchpoints`).
public struct HostWatchpoint: Hashable, Sendable {
    public var address: UInt32
    public var length: UInt32
    public var onRead: Bool
    public var onWrite: Bool

    public init(address: UInt32, length: UInt32, onRead: Bool, onWrite: Bool) {
        self.address = address
        self.length = length
        self.onRead = onRead
        self.onWrite = onWrite
    }

    func covers(_ start: UInt32, size: Int, isStore: Bool) -> Bool {
        (isStore ? onWrite : onRead) && UInt64(start) < UInt64(address) + UInt64(length)
            && UInt64(address) < UInt64(start) + UInt64(size)
    }
}
