// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import ImageFormats
import VirtualNetwork
import XtensaCore

/// Boots firmware on an in-process ESP32 and drives it: collects UART output, types input, and waits for
/// expected output under virtual-time and wall-clock limits. The CLI's `run` command and the tests use it.
///
///     let session = try Session(elfPath: "Firmware/build/hello/hello.elf")
///     try session.expect("Hello", timeout: 1)
///     session.send("help\n")
///     let line = try session.waitFor(.pattern("tick [0-9]+"), timeout: 5)
///
/// Matching is on UART0's output (the console). Each `waitFor` continues after the previous match.
public final class Session {
    /// How time passes while the guest idles in WAITI.
    public enum IdlePolicy: String, Sendable, CaseIterable {
        /// Virtual time follows the wall clock.
        case realtime
        /// Skip straight to the next event while nothing outside can wake the guest; pace to the wall clock
        /// only while something could (an open host input: a terminal, a connected socket).
        case fast
    }

    /// Why a run returned.
    public enum Outcome: Sendable, Equatable {
        /// Every expectation was met (or, without expectations, the guest halted for good or the virtual
        /// timeout passed).
        case completed
        /// The failure text appeared.
        case failTextSeen(String)
        /// An expectation was not met in time: which one, and which limit ran out.
        case timedOut(waitingFor: Expectation?, limit: String)
        case instructionLimitReached(UInt64)
        case crashed(CrashReport)
        /// The firmware's own panic handler reported a fatal error (see `panicMarkers`); the report follows.
        case panicked(String)
        /// The guest waits for an interrupt that nothing can deliver any more, with expectations unmet.
        case halted(waitingFor: Expectation?)
        /// A CPU reached one of `Core.hostBreakpoints` (a debugger's): the instruction at `pc` has not run yet.
        case breakpoint(cpu: Int, pc: UInt32)
        /// A CPU accessed one of `Core.hostWatchpoints` (a debugger's); the instruction completed.
        case watchpoint(cpu: Int, address: UInt32)
        /// A CPU's `Core.instructionObserver` stopped it before the instruction at `pc` (a debugger's step).
        case observerStopped(cpu: Int, pc: UInt32)
        /// The attached debugger ended the run (GDB's `kill`).
        case killedByDebugger

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool { lhs.description == rhs.description }
    }

    public struct Limits: Sendable {
        /// Virtual seconds since boot.
        public var timeout: Double?
        /// Wall-clock seconds since the session was created.
        public var wallTimeout: Double?
        /// Instructions (CPU cycles) since boot.
        public var maxInstructions: UInt64?

        public init(timeout: Double? = nil, wallTimeout: Double? = nil, maxInstructions: UInt64? = nil) {
            self.timeout = timeout
            self.wallTimeout = wallTimeout
            self.maxInstructions = maxInstructions
        }
    }

    /// Console text that opens a firmware panic report: ESP-IDF's (exceptions, stack overflows, abort, failed
    /// assertions, heap corruption), and our runtime's fatal-error line. A run that shows one ends as
    /// `.panicked` once the firmware halts (or a virtual second later).
    public static let panicMarkers = [
        "Guru Meditation Error", "***ERROR*** A stack overflow", "\nabort() was called at PC ", "\nassert failed: ",
        "\nCORRUPT HEAP: ", "\nFATAL: ",
    ]

    public let machine: ESP32Machine
    public let idlePolicy: IdlePolicy
    /// The virtual network behind the Ethernet MAC, if the session has one (its PHY reports no link otherwise).
    public let network: UserNetwork?
    /// UART0 output so far.
    public private(set) var output: [UInt8] = []
    /// Host input per UART (a terminal, a socket, a test). Bytes appended here reach the guest between run
    /// slices; an open input keeps `fast` idling paced to the wall clock.
    public let inputs: [HostInput]
    private let doorbell = Doorbell()
    /// A GDB client, if one is attached (Session+Debugger.swift).
    var debugger: DebuggerAttachment?
    var doorbellForDebugger: Doorbell { doorbell }
    /// UART0's host input.
    public var input: HostInput { inputs[0] }
    /// Monitor commands from the host, one per line (see `monitorCommand`); answers go to `onMonitorReply`.
    public let monitorInput: HostInput
    public var onMonitorReply: (String) -> Void = { _ in }
    var pendingMonitorBytes: [UInt8] = []
    /// Receives each UART's output in batches, once per run slice: (UART number, bytes).
    public var onOutput: (Int, [UInt8]) -> Void = { _, _ in }
    /// Receives each complete line of UART0 output, without its line ending.
    public var onLine: (String) -> Void = { _ in }

    private var pendingOutput: [[UInt8]] = [[], [], []]
    private var lineStart = 0
    /// Where the next expectation search starts (after the previous match).
    private var cursor = 0
    private var lastMatch = 0..<0
    private var matcher = OutputMatcher()
    /// Where a firmware panic report starts in `output`, once one has been seen, and when to stop waiting for
    /// the firmware to halt after it.
    private var panicStart: Int?
    private var panicDeadline = UInt64.max
    private var panicChecked = 0
    private var scriptedInputs: [ScriptedInput] = []
    private var scriptedCursor = 0
    private var scriptedChecked = 0
    private let wallStart = ContinuousClock.now
    private let virtualStart: UInt64
    /// Realtime pacing keeps virtual time since `pacingVirtualStart` in step with wall time since
    /// `pacingWallStart`; both restart with each run, so time the host spends between runs is not made up.
    private var pacingWallStart = ContinuousClock.now
    private var pacingVirtualStart: UInt64 = 0

    /// Boots the image at `imagePath`: an ELF, an esptool app image or a merged flash image (recognised by
    /// content). A flash image becomes the machine's flash; for the others `options.flashContents` says what the
    /// flash holds (erased by default).
    public convenience init(
        imagePath: String, machine options: MachineOptions = MachineOptions(), idlePolicy: IdlePolicy = .fast,
        network: NetworkOptions? = nil
    ) throws {
        let bytes = try Session.read(imagePath)
        let image: FirmwareImage
        do { image = try FirmwareImage.detect(bytes) } catch { throw SessionError.badImage(error.in(file: imagePath)) }
        try self.init(image: image, machine: options, idlePolicy: idlePolicy, network: network, imageName: imagePath)
    }

    /// Boots `image`, with a network if `network` says so. `imageName` names the image in error messages.
    public init(
        image: FirmwareImage, machine options: MachineOptions = MachineOptions(), idlePolicy: IdlePolicy = .fast,
        network networkOptions: NetworkOptions? = nil, imageName: String? = nil
    ) throws {
        var options = options
        if case .flashImage(let bytes) = image {
            guard options.flashContents == nil else { throw SessionError.flashGivenTwice }
            options.flashContents = bytes
        }
        do { machine = try ESP32Machine(options: options) } catch { throw SessionError.badFlash(error) }
        self.idlePolicy = idlePolicy
        if let networkOptions, networkOptions.backend == .user {
            let machine = machine
            do {
                network = try UserNetwork(options: networkOptions) { [unowned machine] in
                    machine.clock.nanoseconds(cycles: machine.now)
                }
            } catch { throw SessionError.network(error) }
            network?.attach(to: machine.ethernet)
        } else {
            network = nil
            machine.ethernet.isLinkUp = false
        }
        inputs = (0..<3).map { [doorbell] _ in HostInput(doorbell: doorbell) }
        monitorInput = HostInput(doorbell: doorbell)
        do { try machine.boot(image) } catch {
            throw SessionError.badImage(imageName.map { error.in(file: $0) } ?? error)
        }
        virtualStart = machine.now
        for (index, uart) in machine.uarts.enumerated() {
            uart.output = { [unowned self] byte in pendingOutput[index].append(byte) }
        }
    }

    /// The contents of the file at `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw SessionError.cannotRead(path) }
        return [UInt8](data)
    }

    /// UART0 output as text.
    public var log: String { String(decoding: output, as: UTF8.self) }

    /// The last `count` lines of UART0 output, for failure messages.
    public func recentLog(lines count: Int = 20) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(count).joined(separator: "\n")
    }

    /// Plugs the Ethernet cable in or pulls it out: the PHY's link status, which the firmware polls.
    public func setLink(up: Bool) { machine.ethernet.isLinkUp = up && network != nil }

    /// Types `text` into UART0 (or another UART).
    public func send(_ text: String, uart: Int = 0) {
        machine.uarts[uart].receive(Array(text.utf8))
    }

    public func addScriptedInput(_ input: ScriptedInput) throws {
        _ = try OutputMatcher.compile(input.trigger)
        scriptedInputs.append(input)
    }

    /// Virtual seconds since boot.
    public var virtualSeconds: Double { machine.clock.seconds(cycles: machine.now - virtualStart) }

    // MARK: - Running

    /// Runs until every expectation is met in order, a fail text appears, the guest crashes or halts for
    /// good, or a limit runs out.
    public func run(
        expecting expectations: [Expectation] = [], failText: [String] = [],
        limits: Limits = Limits()
    ) throws -> Outcome {
        var remaining = expectations[...]
        var checked = cursor
        var failChecked = cursor
        let deadlines = Deadlines(session: self, limits: limits)
        restartPacing()
        while true {
            try detectPanic()
            if let panic = panicReport(), machine.now >= panicDeadline { return .panicked(panic) }
            for text in failText {
                if try matcher.firstMatch(of: .text(text), in: output, from: 0, checked: failChecked) != nil {
                    return .failTextSeen(text)
                }
            }
            failChecked = output.count
            while let next = remaining.first,
                let match = try matcher.firstMatch(
                    of: next, in: output, from: cursor,
                    checked: max(checked, cursor))
            {
                cursor = match.upperBound
                lastMatch = match
                checked = cursor
                remaining.removeFirst()
            }
            checked = output.count
            if remaining.isEmpty && !expectations.isEmpty { return .completed }
            try feedScriptedInput()
            if let expired = deadlines.expired() {
                if case .timeout = expired, expectations.isEmpty { return .completed }
                return expired.outcome(waitingFor: remaining.first)
            }
            if let stop = step(deadlines: deadlines) {
                if case .halted = stop, let panic = panicReport() { return .panicked(panic) }
                if case .halted = stop, expectations.isEmpty { return .completed }
                if case .halted = stop { return .halted(waitingFor: remaining.first) }
                return stop
            }
        }
    }

    /// Runs until `expectation` appears after the previous match and returns the text that matched; throws
    /// `SessionFailure` (with the recent log) if it does not within `timeout` virtual seconds, or the guest
    /// crashes or halts first.
    @discardableResult
    public func waitFor(_ expectation: Expectation, timeout: Double, wallTimeout: Double? = nil) throws -> String {
        try expectation.validate()
        let outcome = try run(
            expecting: [expectation],
            limits: Limits(
                timeout: virtualSeconds + timeout,
                wallTimeout: wallTimeout.map {
                    (ContinuousClock.now - wallStart) / .seconds(1) + $0
                }))
        guard outcome == .completed else { throw SessionFailure(outcome: outcome, recentLog: recentLog()) }
        return String(decoding: output[lastMatch], as: UTF8.self)
    }

    /// `waitFor(.text(text), timeout:)`.
    public func expect(_ text: String, timeout: Double = 10) throws {
        try waitFor(.text(text), timeout: timeout)
    }

    /// Runs for `seconds` of virtual time (or until the guest crashes or halts), ignoring output.
    public func run(forSeconds seconds: Double) throws -> Outcome {
        try run(limits: Limits(timeout: virtualSeconds + seconds))
    }

    // MARK: - One slice

    /// Runs one slice (up to a millisecond of virtual time) and delivers its output; returns an outcome if the
    /// run must end.
    private func step(deadlines: Deadlines) -> Outcome? {
        if let ended = serviceDebugger() { return ended }
        if isHeldByDebugger {
            doorbell.wait(seconds: min(0.05, deadlines.wallSecondsLeft ?? 0.05))
            return nil
        }
        for (uart, input) in inputs.enumerated() {
            let arrived = input.drain()
            if !arrived.isEmpty { machine.uarts[uart].receive(arrived) }
        }
        serviceMonitor()
        network?.service()
        var slice = machine.clock.cycles(microseconds: 1000)
        if let budget = deadlines.cyclesUntilInstructionLimit { slice = min(slice, budget) }
        if machine.isIdle {
            if isHaltedForGood { return .halted(waitingFor: nil) }
            slice = pacedIdleSlice(maximum: deadlines.cyclesUntilTimeout, wallSecondsLeft: deadlines.wallSecondsLeft)
        } else if followsWallClock {
            paceToWallClock()
        }
        let reason = machine.run(cycles: slice)
        deliverOutput()
        let core = machine.stoppedCPU?.core ?? machine.core
        switch reason {
        case .unhandledException(let cause, _, let isDouble):
            return .crashed(CrashReport(core: core, cause: cause, isDoubleException: isDouble, image: machine.symbols))
        case .unrecoverableException(let cause, _):
            return .crashed(CrashReport(core: core, cause: cause, isDoubleException: true, image: machine.symbols))
        case .hostBreakpoint where debuggerStop(reason), .hostWatchpoint where debuggerStop(reason):
            return nil
        case .hostBreakpoint(let pc):
            return .breakpoint(cpu: machine.stoppedCPU?.role == .app ? 1 : 0, pc: pc)
        case .hostWatchpoint(_, let address, _):
            return .watchpoint(cpu: machine.stoppedCPU?.role == .app ? 1 : 0, address: address)
        case .observerStop(let pc):
            return .observerStopped(cpu: machine.stoppedCPU?.role == .app ? 1 : 0, pc: pc)
        case .exited, .budgetExhausted, .waitingForInterrupt:
            return nil
        }
    }

    private func deliverOutput() {
        for uart in pendingOutput.indices where !pendingOutput[uart].isEmpty {
            let bytes = pendingOutput[uart]
            pendingOutput[uart].removeAll(keepingCapacity: true)
            if uart == 0 {
                output += bytes
                emitLines()
            }
            onOutput(uart, bytes)
        }
    }

    private func emitLines() {
        while let newline = output[lineStart...].firstIndex(of: 0x0A) {
            var end = newline
            if end > lineStart && output[end - 1] == 0x0D { end -= 1 }
            onLine(String(decoding: output[lineStart..<end], as: UTF8.self))
            lineStart = newline + 1
        }
    }

    /// WAITI with every maskable level masked and no pending work: nothing can ever wake the CPU.
    private var isHaltedForGood: Bool {
        machine.cpus.allSatisfy { !$0.isRunning || ($0.core.isWaiting && $0.core.processorStatus & 0xF == 0xF) }
            && machine.nextEventCycle == nil
            && !inputs.contains { $0.isOpen } && !machine.uarts.contains { $0.hasPendingInput }
            && !(network?.hasHostSockets ?? false)
    }

    private var wallSeconds: Double { (ContinuousClock.now - wallStart) / .seconds(1) }

    /// How far virtual time is ahead of the wall clock since pacing restarted (negative: behind).
    private var virtualAhead: Double {
        machine.clock.seconds(cycles: machine.now - pacingVirtualStart) - (ContinuousClock.now - pacingWallStart)
            / .seconds(1)
    }

    private func restartPacing() {
        pacingWallStart = ContinuousClock.now
        pacingVirtualStart = machine.now
    }

    /// Notes the first panic marker in new output.
    private func detectPanic() throws {
        defer { panicChecked = output.count }
        guard panicStart == nil else { return }
        let matches = try Session.panicMarkers.compactMap { marker in
            try matcher.firstMatch(of: .text(marker), in: output, from: 0, checked: panicChecked)
                .map { $0.lowerBound + (marker.first == "\n" ? 1 : 0) }
        }
        if let first = matches.min() {
            panicStart = first
            panicDeadline = machine.now + machine.clock.cycles(seconds: 1)
        }
    }

    private func panicReport() -> String? {
        panicStart.map { String(decoding: output[$0...], as: UTF8.self) }
    }

    /// How far to let an idle guest's time run: to the next device event (or the timeout); under `realtime`,
    /// or `fast` with open host input or host sockets on the network, only after sleeping until the wall clock
    /// gets there (input or network traffic wakes the sleep early, and then only the time that really passed
    /// goes by).
    private func pacedIdleSlice(maximum: UInt64?, wallSecondsLeft: Double?) -> UInt64 {
        let next = machine.nextEventCycle.map { $0 > machine.now ? $0 - machine.now : 1 }
        var slice = [next, maximum].compactMap { $0 }.min() ?? machine.clock.cycles(seconds: 1)
        if followsWallClock {
            let sleep = min(virtualAhead + machine.clock.seconds(cycles: slice), wallSecondsLeft ?? .infinity)
            if sleep > 0 {
                sleepUntilSomethingHappens(seconds: sleep)
                slice = max(1, min(slice, machine.clock.cycles(seconds: max(-virtualAhead, 0))))
            }
        }
        return slice
    }

    /// Whether virtual time must not run ahead of the wall clock: under `realtime`, and under `fast` while
    /// something outside can wake the guest (open host input, host sockets on the network). A guest that
    /// idles between timer ticks is not idle at every slice boundary, so this holds for busy slices too.
    private var followsWallClock: Bool {
        idlePolicy == .realtime || inputs.contains(where: { $0.isOpen }) || network?.hasHostSockets == true
    }

    /// A guest ahead of the wall clock waits for it.
    private func paceToWallClock() {
        let ahead = virtualAhead
        if ahead > 0.002 { sleepUntilSomethingHappens(seconds: ahead) }
    }

    /// Sleeps up to `seconds`, waking early for host input or network traffic (which the next slice handles,
    /// once virtual time has caught up, so that it happens at the right virtual time).
    private func sleepUntilSomethingHappens(seconds: Double) {
        if let network {
            network.waitForTraffic(upTo: seconds, wakeFileDescriptor: doorbell.fileDescriptor)
            doorbell.drain()
        } else {
            doorbell.wait(seconds: seconds)
        }
    }

    private func feedScriptedInput() throws {
        guard let next = scriptedInputs.first else { return }
        if let match = try matcher.firstMatch(
            of: .pattern(next.trigger), in: output, from: scriptedCursor,
            checked: max(scriptedChecked, scriptedCursor))
        {
            scriptedCursor = match.upperBound
            scriptedChecked = scriptedCursor
            scriptedInputs.removeFirst()
            send(next.text)
        } else {
            scriptedChecked = output.count
        }
    }

    // MARK: - Limits

    /// The limits of one run, as absolute points in virtual and wall time.
    private struct Deadlines {
        enum Expiry {
            case timeout(Double), wallTimeout(Double), instructions(UInt64)

            func outcome(waitingFor expectation: Expectation?) -> Outcome {
                switch self {
                case .timeout(let seconds): .timedOut(waitingFor: expectation, limit: "\(seconds) virtual seconds")
                case .wallTimeout(let seconds):
                    .timedOut(waitingFor: expectation, limit: "\(seconds) wall-clock seconds")
                case .instructions(let count): .instructionLimitReached(count)
                }
            }
        }

        let session: Session
        let limits: Limits

        init(session: Session, limits: Limits) {
            self.session = session
            self.limits = limits
        }

        var cyclesUntilTimeout: UInt64? {
            limits.timeout.map { timeout in
                let target = session.virtualStart + session.machine.clock.cycles(seconds: timeout)
                return target > session.machine.now ? target - session.machine.now : 1
            }
        }

        var wallSecondsLeft: Double? { limits.wallTimeout.map { $0 - session.wallSeconds } }

        var cyclesUntilInstructionLimit: UInt64? {
            limits.maxInstructions.map { limit in
                let executed = session.machine.now - session.virtualStart
                return limit > executed ? limit - executed : 1
            }
        }

        func expired() -> Expiry? {
            if let timeout = limits.timeout, session.virtualSeconds >= timeout { return .timeout(timeout) }
            if let wallTimeout = limits.wallTimeout, session.wallSeconds >= wallTimeout {
                return .wallTimeout(wallTimeout)
            }
            if let limit = limits.maxInstructions, session.machine.now - session.virtualStart >= limit {
                return .instructions(limit)
            }
            return nil
        }
    }
}

extension Session.Outcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .completed: "completed"
        case .failTextSeen(let text): "the fail text \"\(text)\" appeared"
        case .timedOut(let expectation, let limit):
            expectation.map { "\($0) did not appear within \(limit)" } ?? "the run reached its limit of \(limit)"
        case .instructionLimitReached(let count): "instruction limit reached: \(count) instructions executed"
        case .crashed(let report): report.description
        case .panicked(let report): "the firmware panicked:\n" + report
        case .halted(let expectation):
            "the guest stopped for good (WAITI with every interrupt masked)"
                + (expectation.map { " before \($0) appeared" } ?? "")
        case .breakpoint(let cpu, let pc): "CPU \(cpu) reached a breakpoint at \(pc.hexWord)"
        case .watchpoint(let cpu, let address): "CPU \(cpu) accessed the watched address \(address.hexWord)"
        case .observerStopped(let cpu, let pc): "CPU \(cpu) stopped at \(pc.hexWord)"
        case .killedByDebugger: "the debugger ended the run"
        }
    }
}

/// A `waitFor` that did not see its expectation: why, and what the console showed last.
public struct SessionFailure: Error, CustomStringConvertible {
    public let outcome: Session.Outcome
    public let recentLog: String

    public var description: String { "\(outcome)\n--- recent UART0 output ---\n\(recentLog)" }
}

public enum SessionError: Error, CustomStringConvertible {
    case cannotRead(String)
    case badImage(ImageFormatError)
    case badFlash(FlashError)
    case flashGivenTwice
    case badPattern(String, String)
    case network(UserNetwork.SetupError)

    public var description: String {
        switch self {
        case .cannotRead(let path): "cannot read \(path)"
        case .badImage(let error): error.description
        case .badFlash(let error): error.description
        case .flashGivenTwice: "a flash image is the whole flash: it cannot be combined with a separate flash file"
        case .badPattern(let pattern, let problem): "invalid regular expression /\(pattern)/: \(problem)"
        case .network(let error): "network: \(error)"
        }
    }
}
