// SPDX-License-Identifier: MIT

/// One row of the ESP32 opcode table: how the opcode is encoded and which operands it has.
/// The table (`OpcodeSpec.all`, generated from Tools/opcodes/esp32_opcodes.tsv) is the single source for
/// decoding, disassembly and opcode coverage.
public struct OpcodeSpec: Sendable {
    /// Instruction formats of the Xtensa ISA (xtensa_isa.md §2.1).
    public enum Format: Sendable {
        case rrr, rri4, rri8, ri16, rsr, call, callx, bri8, bri12, rrrn, ri7, ri6
    }

    /// The configuration option an opcode belongs to.
    public enum OptionGroup: String, Sendable, CaseIterable {
        case core, density, windowed, loop, multiplyDivide, miscOperations, mac16, boolean, floatingPoint
        case atomics, threadPointer, interruptsAndTimers, debug, regionProtection, miscSpecialRegisters
        case doublePrecisionAssist, expState
    }

    public let opcode: Opcode
    /// The mnemonic as in the ISA and LLVM, with the special register for RSR/WSR/XSR/RUR/WUR
    /// (`rsr.windowbase`).
    public let mnemonic: String
    /// 2 or 3 bytes.
    public let length: Int
    public let format: Format
    /// The instruction word with every operand field zero.
    public let value: UInt32
    /// The bits that must equal `value` for a word to be this opcode.
    public let mask: UInt32
    public let group: OptionGroup
    /// The printed operands, in assembly order.
    public let operands: [Operand]

    init(_ opcode: Opcode, _ mnemonic: String, length: Int, format: Format, value: UInt32, mask: UInt32,
         group: OptionGroup, operands: [Operand]) {
        self.opcode = opcode
        self.mnemonic = mnemonic
        self.length = length
        self.format = format
        self.value = value
        self.mask = mask
        self.group = group
        self.operands = operands
    }

    public func matches(_ word: UInt32) -> Bool { word & mask == value }
}

extension Opcode {
    public var spec: OpcodeSpec { OpcodeSpec.all[Int(rawValue)] }
    public var mnemonic: String { spec.mnemonic }
}
