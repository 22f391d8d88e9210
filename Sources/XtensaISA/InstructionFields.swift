// SPDX-License-Identifier: MIT

/// The fields of an Xtensa instruction word (xtensa_isa.md §2.1). `word` holds the instruction's bytes
/// little-endian: byte 0 in bits 7..0. For 16-bit instructions only the low 16 bits matter.
public struct InstructionFields: Sendable {
    public let word: UInt32

    @inline(__always) public init(_ word: UInt32) { self.word = word }

    @inline(__always) public var op0: UInt32 { word & 0xF }
    @inline(__always) public var t: UInt32 { (word >> 4) & 0xF }
    @inline(__always) public var s: UInt32 { (word >> 8) & 0xF }
    @inline(__always) public var r: UInt32 { (word >> 12) & 0xF }
    @inline(__always) public var op1: UInt32 { (word >> 16) & 0xF }
    @inline(__always) public var op2: UInt32 { (word >> 20) & 0xF }
    @inline(__always) public var imm8: UInt32 { (word >> 16) & 0xFF }
    @inline(__always) public var imm12: UInt32 { (word >> 12) & 0xFFF }
    @inline(__always) public var imm16: UInt32 { (word >> 8) & 0xFFFF }
    @inline(__always) public var offset18: UInt32 { (word >> 6) & 0x3FFFF }
    @inline(__always) public var n: UInt32 { (word >> 4) & 0x3 }
    @inline(__always) public var m: UInt32 { (word >> 6) & 0x3 }
    /// The special-register number of RSR/WSR/XSR: r·16 + s.
    @inline(__always) public var specialRegister: UInt32 { (word >> 8) & 0xFF }
    /// EXTUI's shift: op1[0]:s.
    @inline(__always) public var sae: UInt32 { ((word >> 16) & 1) << 4 | s }
    /// SRAI's shift: op2[0]:s.
    @inline(__always) public var sargt: UInt32 { ((word >> 20) & 1) << 4 | s }
    /// SLLI's encoded amount: op2[0]:t (the shift is 32 − sal).
    @inline(__always) public var sal: UInt32 { ((word >> 20) & 1) << 4 | t }
    /// SSAI's amount: t[0]:s.
    @inline(__always) public var sas: UInt32 { ((word >> 4) & 1) << 4 | s }
    /// BBCI/BBSI's bit number: r[0]:t.
    @inline(__always) public var bbi: UInt32 { ((word >> 12) & 1) << 4 | t }
    /// SETB/CLRB_EXPSTATE's bit number: s[0]:t.
    @inline(__always) public var bitIndex: UInt32 { ((word >> 8) & 1) << 4 | t }
    /// MOVI's 12-bit immediate: s:imm8.
    @inline(__always) public var imm12b: UInt32 { s << 8 | imm8 }
    /// MOVI.N's 7-bit immediate: bits 6..4 then r.
    @inline(__always) public var imm7: UInt32 { ((word >> 4) & 0x7) << 4 | r }
    /// BEQZ.N/BNEZ.N's 6-bit offset: bits 5..4 then r.
    @inline(__always) public var imm6: UInt32 { ((word >> 4) & 0x3) << 4 | r }
    /// MAC16 register selectors: x = bit 14 (m0/m1), y = bit 6 (m2/m3), w = bits 13..12.
    @inline(__always) public var x: UInt32 { (word >> 14) & 1 }
    @inline(__always) public var y: UInt32 { (word >> 6) & 1 }
    @inline(__always) public var w: UInt32 { (word >> 12) & 3 }
}

/// Sign-extends the low `bits` bits of `value`.
@inline(__always) public func signExtend(_ value: UInt32, bits: UInt32) -> Int32 {
    let shift = 32 - bits
    return Int32(bitPattern: value << shift) >> shift
}

/// Instruction length from the first byte's op0 field: 3 for op0 0–7, 2 for 8–13, nil for 14–15
/// (no ESP32 instruction has those; they raise IllegalInstruction).
@inline(__always) public func instructionLength(firstByte: UInt8) -> Int? {
    let op0 = firstByte & 0xF
    return op0 < 8 ? 3 : op0 < 14 ? 2 : nil
}
