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
        guard linesWritten < limit else { return false }
        if let start {
            guard pc == start else { return false }
            self.start = nil
        }
        if only.isEmpty { return true }
        for index in only.indices where only[index].contains(pc) { return true }
        return false
    }

    /// Appends one finished line (its text, then the changed registers) and enforces the limit.
    fileprivate func write(_ text: [UInt8], changes: [UInt8]) {
        buffer += text
        if changes.isEmpty {
            while buffer.last == UInt8(ascii: " ") { buffer.removeLast() }
        } else {
            buffer += changes
        }
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

    /// The start of an instruction's line: CPU, PC, bytes, disassembly, function — the same for every execution
    /// of the same instruction word at the same address, so the observers keep them.
    fileprivate func describe(pc: UInt32, word: UInt32, cpuName: String) -> [UInt8] {
        let line = disassembler.line(for: word, pc: pc)
        let length = line?.length ?? 3
        let hex = (0..<length).map { String(UInt8(truncatingIfNeeded: word >> (8 * $0)).hexByte) }
            .joined(separator: " ")
        let text = (line?.text ?? "(not an instruction)").replacingOccurrences(of: "\t", with: " ")
        return Array(
            ("\(cpuName) \(pc.hex8)  \(hex.padded(to: 8))  " + text.padded(to: 28) + " "
                + (symbols.label(pc) ?? "").padded(to: 24)).utf8)
    }

    /// Traces one CPU: writes the previous instruction's line (with what it changed) when the next begins.
    final class CoreObserver: InstructionObserver {
        /// The tracer owns its observers, so the reference needs no counting (this runs for every instruction).
        unowned(unsafe) let tracer: InstructionTracer
        let core: Core
        let cpuName: String
        /// Line starts by address and instruction word.
        private var texts: [UInt64: [UInt8]] = [:]
        private var pendingText: [UInt8]?
        /// The registers before the pending instruction ran: a0-a15, then `RegisterNames.traced`.
        private var registers = [UInt32](repeating: 0, count: 16 + RegisterNames.traced.count)
        private let specialNumbers = RegisterNames.traced.map(\.number)

        init(tracer: InstructionTracer, core: Core, cpuName: String) {
            self.tracer = tracer
            self.core = core
            self.cpuName = cpuName
        }

        func shouldStop(before core: Core) -> Bool {
            completePending()
            let pc = core.pc
            guard tracer.wants(pc), let pointer = core.addressSpace.hostPointer(pc) else { return false }
            var word = UInt32(pointer.pointee)
            for offset in 1..<3 {
                if let next = core.addressSpace.hostPointer(pc &+ UInt32(offset)) {
                    word |= UInt32(next.pointee) << (8 * offset)
                }
            }
            let key = UInt64(pc) << 32 | UInt64(word)
            if let text = texts[key] {
                pendingText = text
            } else {
                let text = tracer.describe(pc: pc, word: word, cpuName: cpuName)
                texts[key] = text
                pendingText = text
            }
            for index in registers.indices { registers[index] = value(index) }
            return false
        }

        private func value(_ index: Int) -> UInt32 {
            index < 16 ? core.register(index) : core.specialRegister(specialNumbers[index - 16])
        }

        func completePending() {
            guard let text = pendingText else { return }
            pendingText = nil
            var changes: [UInt8] = []
            for index in registers.indices {
                let now = value(index)
                guard now != registers[index] else { continue }
                if !changes.isEmpty { changes.append(UInt8(ascii: " ")) }
                changes += InstructionTracer.registerNames[index]
                changes.append(UInt8(ascii: "="))
                for shift in stride(from: 28, through: 0, by: -4) {
                    changes.append(InstructionTracer.hexDigits[Int(now >> UInt32(shift) & 0xF)])
                }
            }
            tracer.write(text, changes: changes)
        }
    }

    fileprivate static let hexDigits = Array("0123456789abcdef".utf8)
    fileprivate static let registerNames: [[UInt8]] =
        (0..<16).map { Array("a\($0)".utf8) } + RegisterNames.traced.map { Array($0.name.utf8) }
}

extension UInt32 {
    /// Eight hex digits, without a prefix.
    var hex8: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

extension UInt8 {
    /// Two hex digits.
    var hexByte: String { (self < 16 ? "0" : "") + String(self, radix: 16) }
}

extension String {
    /// Padded with spaces to `width` characters (longer text is kept whole).
    func padded(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
