// SPDX-License-Identifier: MIT

/// Turns instruction words into assembly text that matches LLVM's Xtensa printer (`llvm-objdump
/// --mcpu=esp32`) for every opcode LLVM knows, and reads the same way for the 32 it does not
/// (SIMCALL, SSA8B, L32AI, RER, the F64 helpers, …).
public struct Disassembler: Sendable {
    /// How branch, call, loop and literal targets are written.
    public enum TargetStyle: Sendable {
        /// `0x400d0123`, as llvm-objdump writes them.
        case absolute
        /// `. +94`, `. 0`, `. -8`: relative to the instruction, as LLVM's instruction printer writes them
        /// without a symboliser.
        case relative
    }

    public struct Line: Sendable, Equatable {
        public let opcode: Opcode
        public let length: Int
        /// Mnemonic and operands separated by a tab, operands by ", " (no leading tab).
        public let text: String
    }

    public let style: TargetStyle
    private let decoder: Decoder

    public init(style: TargetStyle = .absolute, decoder: Decoder = .shared) {
        self.style = style
        self.decoder = decoder
    }

    /// Disassembles the instruction in `word` (little-endian bytes) located at `pc`; nil if it is not valid.
    public func line(for word: UInt32, pc: UInt32) -> Line? {
        guard let opcode = decoder.decode(word) else { return nil }
        let spec = opcode.spec
        var mnemonic = spec.mnemonic
        var operands = spec.operands.map { format($0, word: word, pc: pc) }
        // Special and user registers are written as a trailing operand: `rsr.ps` → `rsr a2, ps`.
        for prefix in ["rsr.", "wsr.", "xsr.", "rur.", "wur."] where mnemonic.hasPrefix(prefix) {
            operands.append(String(mnemonic.dropFirst(prefix.count)))
            mnemonic = String(prefix.dropLast())
        }
        let text = operands.isEmpty ? mnemonic : mnemonic + "\t" + operands.joined(separator: ", ")
        return Line(opcode: opcode, length: spec.length, text: text)
    }

    private func format(_ operand: Operand, word: UInt32, pc: UInt32) -> String {
        switch operand.value(in: word, pc: pc) {
        case .addressRegister(let n): return "a\(n)"
        case .floatRegister(let n): return "f\(n)"
        case .booleanRegister(let n): return "b\(n)"
        // LLVM prints MAC16's written register with a leading space (`lddec\t m3, a12`); matched for diffing.
        case .macRegister(let n): return operand == .mw ? " m\(n)" : "m\(n)"
        case .immediate(let value): return String(value)
        case .target(let address):
            switch style {
            case .absolute:
                return "0x" + String(address, radix: 16)
            case .relative:
                let delta = Int32(bitPattern: address &- pc)
                return delta < 0 ? ". -\(-Int64(delta))" : delta == 0 ? ". 0" : ". +\(delta)"
            }
        }
    }
}
