// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// What the emulator prints when the guest crashes beyond its own help (an exception without a handler, a
/// double exception): the cause, the registers and a backtrace through the windowed frames, with function
/// names from the ELF when there is one.
public struct CrashReport: CustomStringConvertible, Sendable {
    public let cause: ExceptionCause
    public let isDoubleException: Bool
    public let pc: UInt32
    public let exceptionAddress: UInt32
    public let registers: [UInt32]
    public let specialRegisters: [(name: String, value: UInt32)]
    public let backtrace: Backtrace
    public let symbols: [UInt32: String]
    /// PRID of the CPU that crashed (0xCDCD PRO, 0xABAB APP).
    public let processorID: UInt32

    public init(core: Core, cause: ExceptionCause, isDoubleException: Bool, image: ELFFile?) {
        self.cause = cause
        self.isDoubleException = isDoubleException
        processorID = core.processorID
        pc = core.pc
        exceptionAddress = core.specialRegister(SpecialRegister.excvaddr)
        registers = (0..<16).map(core.register)
        specialRegisters = [
            ("PS", SpecialRegister.ps), ("SAR", SpecialRegister.sar), ("LBEG", SpecialRegister.lbeg),
            ("LEND", SpecialRegister.lend), ("LCOUNT", SpecialRegister.lcount),
            ("EXCCAUSE", SpecialRegister.exccause), ("EXCVADDR", SpecialRegister.excvaddr),
            ("WINDOWBASE", SpecialRegister.windowbase), ("WINDOWSTART", SpecialRegister.windowstart),
        ]
        .map { ($0.0, core.specialRegister($0.1)) }
        backtrace = Backtrace(core: core)
        var symbols: [UInt32: String] = [:]
        if let image {
            for frame in backtrace.frames {
                if let function = image.function(containing: frame.pc) {
                    symbols[frame.pc] = "\(function.name)+0x\(String(frame.pc - function.value, radix: 16))"
                }
            }
        }
        self.symbols = symbols
    }

    public var description: String {
        let cpu = processorID == 0xABAB ? "APP CPU" : "PRO CPU"
        var lines = [
            "guest crashed on the \(cpu): \(isDoubleException ? "double exception, " : "")\(cause.name) (EXCCAUSE "
                + "\(cause.rawValue)) at PC \(pc.hexWord)\(symbols[pc].map { " (\($0))" } ?? "")"
                + (isDoubleException ? "" : ", no exception handler in the firmware")
        ]
        lines.append("EXCVADDR: \(exceptionAddress.hexWord)")
        for row in stride(from: 0, to: 16, by: 4) {
            lines.append(
                (row..<row + 4).map { "A\($0 < 10 ? " " : "")\($0): \(registers[$0].hexWord)" }
                    .joined(separator: "  "))
        }
        lines.append(specialRegisters.map { "\($0.name): \($0.value.hexWord)" }.joined(separator: "  "))
        lines.append(
            "Backtrace: "
                + backtrace.frames.map { "\($0.pc.hexWord):\($0.stackPointer.hexWord)" }
                .joined(separator: " "))
        for (index, frame) in backtrace.frames.enumerated() {
            lines.append("  #\(index) \(frame.pc.hexWord) in \(symbols[frame.pc] ?? "??")")
        }
        return lines.joined(separator: "\n")
    }
}
