// SPDX-License-Identifier: MIT

/// An operand kind from the ESP32 libisa table (names as there; xtensa_isa.md Appendix A). The kind fixes
/// which field of the instruction word holds the operand and how its value is decoded.
public enum Operand: Sendable {
    // Registers: AR by r/s/t field, FR, BR, MAC16 m registers.
    case arr, ars, art, frr, frs, frt, br, bs, bt, bs4, bs8, mx, my, mw
    // Immediates.
    case simm8, simm8x256, simm12b, simm7, simm4, uimm8, uimm8x2, uimm8x4, imm8x4, uimm12x8
    case lsi4x4, uimmrx4, immrx4, ai4const, b4const, b4constu, msalp32, op2p1, tp7
    case s, imms, immS, immt, immT, sae, sargt, sas, bbi, bitindex
    // PC-relative targets (decoded to absolute addresses).
    case label8, ulabel8, label12, uimm6, soffset, soffsetx4, uimm16x4

    /// Table of the B4CONST immediates (BEQI/BNEI/BLTI/BGEI), indexed by the r field.
    public static let b4constTable: [Int32] = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256]
    /// Table of the B4CONSTU immediates (BLTUI/BGEUI), indexed by the r field.
    public static let b4constuTable: [Int32] = [32768, 65536, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256]

    public enum Value: Equatable, Sendable {
        case addressRegister(UInt32)
        case floatRegister(UInt32)
        case booleanRegister(UInt32)
        case macRegister(UInt32)
        case immediate(Int32)
        /// An absolute code or literal address.
        case target(UInt32)
    }

    /// The operand's value in the instruction `word` located at `pc`.
    public func value(in word: UInt32, pc: UInt32) -> Value {
        let f = InstructionFields(word)
        switch self {
        case .arr: return .addressRegister(f.r)
        case .ars: return .addressRegister(f.s)
        case .art: return .addressRegister(f.t)
        case .frr: return .floatRegister(f.r)
        case .frs: return .floatRegister(f.s)
        case .frt: return .floatRegister(f.t)
        case .br: return .booleanRegister(f.r)
        case .bs: return .booleanRegister(f.s)
        case .bt: return .booleanRegister(f.t)
        case .bs4: return .booleanRegister(f.s & 0xC)
        case .bs8: return .booleanRegister(f.s & 0x8)
        case .mx: return .macRegister(f.x)
        case .my: return .macRegister(2 + f.y)
        case .mw: return .macRegister(f.w)
        case .simm8: return .immediate(signExtend(f.imm8, bits: 8))
        case .simm8x256: return .immediate(signExtend(f.imm8, bits: 8) << 8)
        case .simm12b: return .immediate(signExtend(f.imm12b, bits: 12))
        case .simm7: return .immediate(f.imm7 > 95 ? Int32(f.imm7) - 128 : Int32(f.imm7))
        case .simm4: return .immediate(signExtend(f.t, bits: 4))
        case .uimm8: return .immediate(Int32(f.imm8))
        case .uimm8x2: return .immediate(Int32(f.imm8) * 2)
        case .uimm8x4, .imm8x4: return .immediate(Int32(f.imm8) * 4)
        case .uimm12x8: return .immediate(Int32(f.imm12) * 8)
        case .lsi4x4, .uimmrx4: return .immediate(Int32(f.r) * 4)
        case .immrx4: return .immediate((Int32(f.r) - 16) * 4)
        case .ai4const: return .immediate(f.t == 0 ? -1 : Int32(f.t))
        case .b4const: return .immediate(Operand.b4constTable[Int(f.r)])
        case .b4constu: return .immediate(Operand.b4constuTable[Int(f.r)])
        case .msalp32: return .immediate(32 - Int32(f.sal))
        case .op2p1: return .immediate(Int32(f.op2) + 1)
        case .tp7: return .immediate(Int32(f.t) + 7)
        case .s, .imms, .immS: return .immediate(Int32(f.s))
        case .immt, .immT: return .immediate(Int32(f.t))
        case .sae: return .immediate(Int32(f.sae))
        case .sargt: return .immediate(Int32(f.sargt))
        case .sas: return .immediate(Int32(f.sas))
        case .bbi: return .immediate(Int32(f.bbi))
        case .bitindex: return .immediate(Int32(f.bitIndex))
        case .label8: return .target(pc &+ 4 &+ UInt32(bitPattern: signExtend(f.imm8, bits: 8)))
        case .ulabel8: return .target(pc &+ 4 &+ f.imm8)
        case .label12: return .target(pc &+ 4 &+ UInt32(bitPattern: signExtend(f.imm12, bits: 12)))
        case .uimm6: return .target(pc &+ 4 &+ f.imm6)
        case .soffset: return .target(pc &+ 4 &+ UInt32(bitPattern: signExtend(f.offset18, bits: 18)))
        case .soffsetx4:
            return .target((pc & ~3) &+ 4 &+ UInt32(bitPattern: signExtend(f.offset18, bits: 18) << 2))
        case .uimm16x4: return .target(Operand.l32rTarget(imm16: f.imm16, pc: pc))
        }
    }

    /// L32R's literal address: ((PC + 3) & ~3) + ((0xFFFF0000 | imm16) << 2) (xtensa_isa.md §2.3).
    @inline(__always) public static func l32rTarget(imm16: UInt32, pc: UInt32) -> UInt32 {
        ((pc &+ 3) & ~3) &+ ((0xFFFF_0000 | imm16) << 2)
    }
}
