// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import ImageFormats
import XtensaCore

/// Boots firmware on an in-process ESP32 and drives it: streams UART0 output, types input, and waits for
/// expected output under virtual-time and wall-clock limits. The CLI's `run` command and the tests use it.
public final class Session {
    /// How time passes while the guest idles in WAITI.
    public enum IdlePolicy: String, Sendable, CaseIterable {
        /// Virtual time follows the wall clock.
        case realtime
        /// Skip straight to the next event while nothing outside can wake the guest; pace to the wall clock
        /// only while something could (open host input).
        case fast
    }

    /// Why `run` returned.
    public enum Outcome: Sendable {
        /// Every expectation was met (or, without expectations, the guest halted for good).
        case completed
        /// The failure text appeared.
        case failTextSeen(String)
        /// An expectation was not met in time: which one, and which limit ran out.
        case timedOut(waitingFor: Expectation?, limit: String)
        case instructionLimitReached(UInt64)
        case crashed(CrashReport)
        /// The guest waits for an interrupt that nothing can deliver any more.
        case halted
    }

    public struct Limits: Sendable {
        /// Virtual seconds.
        public var timeout: Double?
        public var wallTimeout: Double?
        public var maxInstructions: UInt64?

        public init(timeout: Double? = nil, wallTimeout: Double? = nil, maxInstructions: UInt64? = nil) {
            self.timeout = timeout
            self.wallTimeout = wallTimeout
            self.maxInstructions = maxInstructions
        }
    }

    public let machine: ESP32Machine
    public let idlePolicy: IdlePolicy
    /// UART0 output so far.
    public private(set) var output: [UInt8] = []
    /// Host input bound for UART0 (a terminal, a test).
    public let input = HostInput()
    /// Also receives every UART0 byte as it is produced (the CLI streams it to stdout).
    public var onOutput: ([UInt8]) -> Void = { _ in }
    private var scriptedInputs: [ScriptedInput] = []
    private var scriptedSearchStart = 0
    private let wallStart = ContinuousClock.now
    private let virtualStart: UInt64

    /// Boots the ELF at `path`.
    public convenience init(elfPath: String, machine options: MachineOptions = MachineOptions(),
                            idlePolicy: IdlePolicy = .fast) throws {
        guard let data = FileManager.default.contents(atPath: path(elfPath)) else {
            throw SessionError.cannotRead(elfPath)
        }
        let elf: ELFFile
        do { elf = try ELFFile(bytes: [UInt8](data)) } catch { throw SessionError.badImage(error.in(file: elfPath)) }
        try self.init(elf: elf, machine: options, idlePolicy: idlePolicy)
    }

    public init(elf: ELFFile, machine options: MachineOptions = MachineOptions(), idlePolicy: IdlePolicy = .fast) throws {
        machine = ESP32Machine(options: options)
        self.idlePolicy = idlePolicy
        do { try machine.boot(elf: elf) } catch { throw SessionError.badImage(error) }
        virtualStart = machine.now
        machine.uarts[0].output = { [unowned self] byte in
            output.append(byte)
            onOutput([byte])
        }
    }

    /// UART0 output as text.
    public var log: String { String(decoding: output, as: UTF8.self) }

    /// Types `text` into UART0.
    public func send(_ text: String) {
        machine.uarts[0].receive(Array(text.utf8))
    }

    public func addScriptedInput(_ input: ScriptedInput) {
        scriptedInputs.append(input)
    }

    /// Virtual seconds since boot.
    public var virtualSeconds: Double { machine.clock.seconds(cycles: machine.now - virtualStart) }

    /// Runs until every expectation is met in order, `failText` appears, the guest crashes or halts, or a
    /// limit runs out.
    public func run(expecting expectations: [Expectation] = [], failText: [String] = [],
                    limits: Limits = Limits()) throws -> Outcome {
        var remaining = expectations[...]
        var searchStart = log.startIndex
        var failSearchFrom = 0
        while true {
            let logText = log
            for text in failText where logText.utf8.count > failSearchFrom {
                let from = logText.utf8.index(logText.startIndex, offsetBy: max(0, failSearchFrom - text.utf8.count))
                if logText.range(of: text, range: from..<logText.endIndex) != nil { return .failTextSeen(text) }
            }
            failSearchFrom = logText.utf8.count
            while let next = remaining.first, let end = try next.match(in: logText, from: searchStart) {
                searchStart = end
                remaining.removeFirst()
            }
            if remaining.isEmpty && !expectations.isEmpty { return .completed }
            try feedScriptedInput(logText)

            if let timeout = limits.timeout, virtualSeconds >= timeout {
                return .timedOut(waitingFor: remaining.first, limit: "\(timeout) virtual seconds")
            }
            if let wallTimeout = limits.wallTimeout, (ContinuousClock.now - wallStart) / .seconds(1) >= wallTimeout {
                return .timedOut(waitingFor: remaining.first, limit: "\(wallTimeout) wall-clock seconds")
            }
            if let maxInstructions = limits.maxInstructions, machine.now - virtualStart >= maxInstructions {
                return .instructionLimitReached(maxInstructions)
            }
            if let stop = try step(limits: limits) { return stop }
        }
    }

    /// Runs one slice (up to a millisecond of virtual time); returns an outcome if the run must end.
    private func step(limits: Limits) throws -> Outcome? {
        let arrived = input.drain()
        if !arrived.isEmpty { machine.uarts[0].receive(arrived) }
        var slice = machine.clock.cycles(microseconds: 1000)
        if let maxInstructions = limits.maxInstructions {
            slice = min(slice, maxInstructions - (machine.now - virtualStart))
        }
        if machine.core.isWaiting {
            if isHaltedForGood { return .halted }
            slice = pacedIdleSlice(maximum: limits.timeout.map { remainingCycles(until: $0) })
        } else if idlePolicy == .realtime {
            paceToWallClock()
        }
        switch machine.run(cycles: slice) {
        case .unhandledException(let cause, _, let isDouble):
            return .crashed(CrashReport(core: machine.core, cause: cause, isDoubleException: isDouble, image: machine.image))
        case .unrecoverableException(let cause, _):
            return .crashed(CrashReport(core: machine.core, cause: cause, isDoubleException: true, image: machine.image))
        case .exited, .budgetExhausted, .waitingForInterrupt:
            return nil
        }
    }

    private func remainingCycles(until virtualTimeout: Double) -> UInt64 {
        let target = virtualStart + machine.clock.cycles(seconds: virtualTimeout)
        return target > machine.now ? target - machine.now : 1
    }

    /// WAITI with every maskable level masked and no pending work: nothing can ever wake the CPU.
    private var isHaltedForGood: Bool {
        machine.core.processorStatus & 0xF == 0xF && machine.nextEventCycle == nil && !input.isOpen
            && !machine.uarts[0].hasPendingInput
    }

    /// How far to let an idle guest's time run: to the next device event (or the timeout); under `realtime`,
    /// or `fast` with open host input, only after sleeping until the wall clock gets there.
    private func pacedIdleSlice(maximum: UInt64?) -> UInt64 {
        let next = machine.nextEventCycle.map { $0 > machine.now ? $0 - machine.now : 1 }
        var slice = [next, maximum].compactMap { $0 }.min() ?? machine.clock.cycles(seconds: 1)
        if idlePolicy == .realtime || input.isOpen {
            let ahead = machine.clock.seconds(cycles: machine.now - virtualStart)
                - (ContinuousClock.now - wallStart) / .seconds(1)
            let sleep = ahead + machine.clock.seconds(cycles: slice)
            if sleep > 0 {
                input.wait(seconds: sleep)
                // Woken early by input: let only the time that really passed go by.
                let behind = (ContinuousClock.now - wallStart) / .seconds(1) - machine.clock.seconds(cycles: machine.now - virtualStart)
                slice = max(1, min(slice, machine.clock.cycles(seconds: max(behind, 0))))
            }
        }
        return slice
    }

    /// Under `realtime`, a guest that computes faster than silicon waits for the wall clock.
    private func paceToWallClock() {
        let ahead = machine.clock.seconds(cycles: machine.now - virtualStart) - (ContinuousClock.now - wallStart) / .seconds(1)
        if ahead > 0.002 { input.wait(seconds: ahead) }
    }

    private func feedScriptedInput(_ logText: String) throws {
        guard let next = scriptedInputs.first else { return }
        let bytes = Array(logText.utf8)
        guard scriptedSearchStart <= bytes.count else { return }
        let tail = String(decoding: bytes[scriptedSearchStart...], as: UTF8.self)
        if let match = try Regex(next.trigger).firstMatch(in: tail) {
            scriptedSearchStart += tail[..<match.range.upperBound].utf8.count
            scriptedInputs.removeFirst()
            send(next.text)
        }
    }
}

public enum SessionError: Error, CustomStringConvertible {
    case cannotRead(String)
    case badImage(ImageFormatError)

    public var description: String {
        switch self {
        case .cannotRead(let path): "cannot read \(path)"
        case .badImage(let error): error.description
        }
    }
}

/// Paths as given (relative to the current directory).
private func path(_ text: String) -> String { text }
