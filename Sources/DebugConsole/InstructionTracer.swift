// SPDX-License-Identifier: MIT
import Foundation
import XtensaCore
import XtensaISA

/// Writes an instruction trace (`--trace FILE`): one line per executed instruction with the CPU, PC, the
/// instruction's bytes, its disassembly, the function it is in, and the registers it changed:
///
///     PRO 400d0f3c  36 41 00  entry   a1, 32       app_main                a1=3ffb6f80 windowbase=2
///
/// Only instructions in `only` (when given) are written, from the first execution of `start` (when given) on,
/// and at most `limit` lines; then the tracer lets go of the CPUs and they run at full speed again. The
/// guest sees nothing of it: tracing changes no guest state and no timing.
public final class InstructionTracer {
    private let handle: FileHandle
    private let symbols: ProgramSymbols
    private let only: [ClosedRange<UInt32>]
    private var start: UInt32?
    public let limit: Int
    public private(set) var linesWritten = 0
    private var buffer: [UInt8] = []
    private var observers: [CoreObserver] = []
    private let disassembler = Disassembler()

    /// Traces to the file at `path` (created or truncated).
    public init(
        path: String, symbols: ProgramSymbols, only: [ClosedRange<UInt32>] = [], start: UInt32? = nil,
        limit: Int = 1_000_000
    ) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw TraceError.cannotWrite(path) }
        self.handle = handle
        self.symbols = symbols
        self.only = only
        self.start = start
        self.limit = limit
        buffer = Array(
            "# CPU PC        bytes     instruction                  function                changed registers\n".utf8)
    }

    public enum TraceError: Error, CustomStringConvertible {
        case cannotWrite(String)
        public var description: String {
            switch self {
            case .cannotWrite(let path): "cannot write the trace to \(path)"
            }
        }
    }

    /// Starts tracing `core`, named `cpuName` in the trace (PRO, APP).
    public func attach(to core: Core, cpuName: String) {
        let observer = CoreObserver(tracer: self, core: core, cpuName: cpuName)
        observers.append(observer)
        core.instructionObserver = observer
    }

    /// The observer tracing `core` (a debugger that also needs the observer slot chains to it).
    public func observer(for core: Core) -> InstructionObserver? { observers.first { $0.core === core } }

    /// Writes the last instruction's line and everything buffered.
    public func finish() {
        for observer in observers { observer.completePending() }
        flush()
    }

    private var isFull: Bool { linesWritten >= limit }
    /// Whether lines may still be written (the limit is not reached).
    public var isTracing: Bool { !isFull }

    fileprivate func wants(_ pc: UInt32) -> Bool {
        guard !isFull else { return false }
        if let start {
            guard pc == start else { return false }
            self.start = nil
        }
        return only.isEmpty || only.contains { $0.contains(pc) }
    }

    fileprivate func write(_ line: String) {
        buffer += Array(line.utf8)
        buffer.append(0x0A)
        linesWritten += 1
        if buffer.count >= 1 << 16 || isFull { flush() }
        if isFull {
            for observer in observers where observer.core.instructionObserver === observer {
                observer.core.instructionObserver = nil
            }
        }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    fileprivate func describe(_ core: Core, cpuName: String) -> String {
        let pc = core.pc
        let bytes = core.addressSpace.peek(pc, count: 3) ?? []
        let word = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        let line = disassembler.line(for: word, pc: pc)
        let length = line?.length ?? 3
        let hex = bytes.prefix(length).map { String(format: "%02x", $0) }.joined(separator: " ")
        let text = (line?.text ?? "(not an instruction)").replacingOccurrences(of: "\t", with: " ")
        return "\(cpuName) \(pc.hex8)  \(hex.padding(toLength: 8, withPad: " ", startingAt: 0))  "
            + text.padding(toLength: 28, withPad: " ", startingAt: 0) + " "
            + (symbols.label(pc) ?? "").padding(toLength: 24, withPad: " ", startingAt: 0)
    }

    fileprivate static func snapshot(_ core: Core) -> [UInt32] {
        (0..<16).map { core.register($0) } + RegisterNames.traced.map { core.specialRegister($0.number) }
    }

    fileprivate static func changes(from old: [UInt32], to new: [UInt32]) -> String {
        zip(old, new).enumerated().compactMap { index, pair in
            guard pair.0 != pair.1 else { return nil }
            let name = index < 16 ? "a\(index)" : RegisterNames.traced[index - 16].name
            return "\(name)=\(pair.1.hex8)"
        }.joined(separator: " ")
    }

    /// Traces one CPU: writes the previous instruction's line (with what it changed) when the next begins.
    final class CoreObserver: InstructionObserver {
        unowned let tracer: InstructionTracer
        let core: Core
        let cpuName: String
        private var pending: (text: String, registers: [UInt32])?

        init(tracer: InstructionTracer, core: Core, cpuName: String) {
            self.tracer = tracer
            self.core = core
            self.cpuName = cpuName
        }

        func shouldStop(before core: Core) -> Bool {
            completePending()
            if tracer.wants(core.pc) {
                pending = (tracer.describe(core, cpuName: cpuName), InstructionTracer.snapshot(core))
            }
            return false
        }

        func completePending() {
            guard let pending else { return }
            self.pending = nil
            let changed = InstructionTracer.changes(from: pending.registers, to: InstructionTracer.snapshot(core))
            tracer.write(changed.isEmpty ? pending.text.trimmingTrailingSpaces : pending.text + changed)
        }
    }
}

extension UInt32 {
    /// Eight hex digits, without a prefix.
    var hex8: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
