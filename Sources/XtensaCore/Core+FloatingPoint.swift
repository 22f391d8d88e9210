// SPDX-License-Identifier: MIT
import CFloatingPoint
import XtensaISA

/// The ESP32's single-precision FPU, coprocessor 0 (xtensa_isa.md §3.12). Every FP instruction, and RUR/WUR
/// of FCR and FSR, raises Coprocessor0Disabled unless CPENABLE bit 0 is set (ESP-IDF relies on this for lazy
/// FPU context switching). Arithmetic rounds as FCR says and accumulates flags in FSR; the C helpers in
/// CFloatingPoint do the IEEE work.
extension Core {
    static let fcrMask: UInt32 = 0x7F
    static let fsrMask: UInt32 = 0xF80

    var coprocessor0Enabled: Bool { special[Int(SpecialRegister.cpenable)] & 1 != 0 }
    var roundingMode: Int32 { Int32(user[Int(SpecialRegister.fcr)] & 3) }

    @inline(__always) func f(_ n: UInt8) -> UInt32 { floatRegisters[Int(n)] }
    @inline(__always) func setF(_ n: UInt8, _ value: UInt32) { floatRegisters[Int(n)] = value }

    /// Runs an arithmetic helper with FCR's rounding mode and folds its flags into FSR.
    private func arithmetic(_ body: (Int32, UnsafeMutablePointer<UInt32>) -> UInt32) -> UInt32 {
        var flags: UInt32 = 0
        let result = body(roundingMode, &flags)
        user[Int(SpecialRegister.fsr)] |= flags & Core.fsrMask
        return result
    }

    private func compare(_ d: InstructionPointer, signaling: Bool, _ accept: Int32) {
        var flags: UInt32 = 0
        let outcome = xt_float_compare(f(d.s), f(d.t), signaling ? 1 : 0, &flags)
        user[Int(SpecialRegister.fsr)] |= flags & Core.fsrMask
        setBooleanBit(d.r, outcome & accept != 0)
    }

    private func convertToInteger(_ d: InstructionPointer, rounding: Int32) {
        var flags: UInt32 = 0
        setA(d.r, UInt32(bitPattern: xt_float_to_int(f(d.s), Int32(d.imm), rounding, &flags)))
        user[Int(SpecialRegister.fsr)] |= flags & Core.fsrMask
    }

    // swiftlint:disable:next cyclomatic_complexity
    @inline(never)
    func floatingPoint(_ d: InstructionPointer) {
        guard coprocessor0Enabled else { return raise(.coprocessor0Disabled) }
        let unordered = Int32(XT_COMPARE_UNORDERED), equal = Int32(XT_COMPARE_EQUAL), less = Int32(XT_COMPARE_LESS)
        switch d.operation {
        case .lsi: guard let v = load32(a(d.s) &+ d.imm) else { return }; setF(d.t, v)
        case .lsip:
            guard let v = load32(a(d.s)) else { return }
            setF(d.t, v); setA(d.s, a(d.s) &+ d.imm)
        case .lsx: guard let v = load32(a(d.s) &+ a(d.t)) else { return }; setF(d.r, v)
        case .lsxp:
            guard let v = load32(a(d.s)) else { return }
            setF(d.r, v); setA(d.s, a(d.s) &+ a(d.t))
        case .ssi: guard store32(a(d.s) &+ d.imm, f(d.t)) else { return }
        case .ssip:
            guard store32(a(d.s), f(d.t)) else { return }
            setA(d.s, a(d.s) &+ d.imm)
        case .ssx: guard store32(a(d.s) &+ a(d.t), f(d.r)) else { return }
        case .ssxp:
            guard store32(a(d.s), f(d.r)) else { return }
            setA(d.s, a(d.s) &+ a(d.t))
        case .absS: setF(d.r, f(d.s) & 0x7FFF_FFFF)
        case .negS: setF(d.r, f(d.s) ^ 0x8000_0000)
        case .movS: setF(d.r, f(d.s))
        case .moveqzS: if a(d.t) == 0 { setF(d.r, f(d.s)) }
        case .movnezS: if a(d.t) != 0 { setF(d.r, f(d.s)) }
        case .movltzS: if Int32(bitPattern: a(d.t)) < 0 { setF(d.r, f(d.s)) }
        case .movgezS: if Int32(bitPattern: a(d.t)) >= 0 { setF(d.r, f(d.s)) }
        case .movfS: if !booleanBit(d.t) { setF(d.r, f(d.s)) }
        case .movtS: if booleanBit(d.t) { setF(d.r, f(d.s)) }
        case .wfr: setF(d.r, a(d.s))
        case .rfr: setA(d.r, f(d.s))
        case .roundS: convertToInteger(d, rounding: Int32(XT_ROUND_NEAREST))
        case .truncS: convertToInteger(d, rounding: Int32(XT_ROUND_TOWARD_ZERO))
        case .ceilS: convertToInteger(d, rounding: Int32(XT_ROUND_UP))
        case .floorS: convertToInteger(d, rounding: Int32(XT_ROUND_DOWN))
        case .utruncS:
            var flags: UInt32 = 0
            setA(d.r, xt_float_to_uint(f(d.s), Int32(d.imm), &flags))
            user[Int(SpecialRegister.fsr)] |= flags & Core.fsrMask
        case .floatS:
            let value = Int32(bitPattern: a(d.s))
            setF(d.r, arithmetic { xt_float_from_int(value, Int32(d.imm), $0, $1) })
        case .ufloatS:
            let value = a(d.s)
            setF(d.r, arithmetic { xt_float_from_uint(value, Int32(d.imm), $0, $1) })
        case .unS: compare(d, signaling: false, unordered)
        case .oeqS: compare(d, signaling: false, equal)
        case .ueqS: compare(d, signaling: false, unordered | equal)
        case .oltS: compare(d, signaling: true, less)
        case .ultS: compare(d, signaling: false, unordered | less)
        case .oleS: compare(d, signaling: true, less | equal)
        case .uleS: compare(d, signaling: false, unordered | less | equal)
        case .addS:
            let (x, y) = (f(d.s), f(d.t))
            setF(d.r, arithmetic { xt_float_add(x, y, $0, $1) })
        case .subS:
            let (x, y) = (f(d.s), f(d.t))
            setF(d.r, arithmetic { xt_float_sub(x, y, $0, $1) })
        case .mulS:
            let (x, y) = (f(d.s), f(d.t))
            setF(d.r, arithmetic { xt_float_mul(x, y, $0, $1) })
        case .maddS:
            let (acc, x, y) = (f(d.r), f(d.s), f(d.t))
            setF(d.r, arithmetic { xt_float_fma(acc, x, y, $0, $1) })
        case .msubS:
            let (acc, x, y) = (f(d.r), f(d.s) ^ 0x8000_0000, f(d.t))
            setF(d.r, arithmetic { xt_float_fma(acc, x, y, $0, $1) })
        case .constS:
            let constants: [UInt32] = [0, 0x3F80_0000, 0x4000_0000, 0x3F00_0000]   // 0.0, 1.0, 2.0, 0.5
            setF(d.r, d.imm < 4 ? constants[Int(d.imm)] : 0)
        // The divide and square-root helper steps follow QEMU's working model (xtensa_isa.md §3.12): the
        // compiler's sequences end with the correctly rounded result while the seed steps change nothing.
        case .div0S, .divnS, .maddnS, .nexp01S, .sqrt0S, .addexpS: break
        case .addexpmS: setF(d.r, f(d.s))
        case .mkdadjS:
            let (divisor, dividend) = (f(d.r), f(d.s))
            setF(d.r, arithmetic { xt_float_div(dividend, divisor, $0, $1) })
        case .mksadjS:
            let value = f(d.s)
            setF(d.r, arithmetic { xt_float_sqrt(value, $0, $1) })
        default:
            // RECIP0.S and RSQRT0.S: unimplemented (as in QEMU); no public semantics exist.
            return raise(.illegalInstruction)
        }
    }
}
