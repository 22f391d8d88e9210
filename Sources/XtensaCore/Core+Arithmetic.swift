// SPDX-License-Identifier: MIT

/// Integer operations with more than one line of semantics (xtensa_isa.md §3.4–3.5, §3.8).
extension Core {
    /// SLL: shift left by 32 − SAR. SAR = 0 gives 0 and SAR = 32 the value unchanged; for SAR 33…63 (only
    /// reachable through WSR.SAR, ISA-undefined) we follow QEMU and give 0.
    func shiftLeftBySAR(_ d: InstructionPointer) {
        let shifted = UInt64(a(d.s)) << ((32 &- UInt64(sar)) & 63)
        setA(d.r, UInt32(truncatingIfNeeded: shifted))
    }

    /// QUOU/QUOS/REMU/REMS. A zero divisor raises IntegerDivideByZero before anything is written;
    /// 0x80000000 / −1 gives 0x80000000 (remainder 0); signed results truncate toward zero.
    @inline(never)
    func divide(_ d: InstructionPointer) {
        let dividend = a(d.s)
        let divisor = a(d.t)
        guard divisor != 0 else {
            raise(.integerDivideByZero)
            return
        }
        let result: UInt32
        switch d.operation {
        case .quou: result = dividend / divisor
        case .remu: result = dividend % divisor
        case .quos:
            let (quotient, overflow) = Int32(bitPattern: dividend).dividedReportingOverflow(by: Int32(bitPattern: divisor))
            result = overflow ? dividend : UInt32(bitPattern: quotient)
        default:
            let (remainder, overflow) = Int32(bitPattern: dividend)
                .remainderReportingOverflow(dividingBy: Int32(bitPattern: divisor))
            result = overflow ? 0 : UInt32(bitPattern: remainder)
        }
        setA(d.r, result)
    }

    /// CLAMPS: clamp the signed value to [−2^imm, 2^imm − 1] (imm = 7…22).
    @inline(never)
    func clampSigned(_ d: InstructionPointer) {
        let value = Int32(bitPattern: a(d.s))
        let high = Int32(1) << Int32(d.imm) - 1
        setA(d.r, UInt32(bitPattern: Swift.min(Swift.max(value, -high - 1), high)))
    }

    /// S32C1I: store AR[t] if the word equals SCOMPARE1; AR[t] receives the old word either way. The address
    /// is word-aligned as QEMU does for this core. Internal RAM always performs it (ATOMCTL's external modes do
    /// not apply to local memory; xtensa_isa.md §3.8).
    @inline(never)
    func compareAndSwap(_ d: InstructionPointer) {
        let address = (a(d.s) &+ d.imm) & ~3
        guard let old = load32(address) else { return }
        if old == special[Int(SpecialRegister.scompare1)] {
            guard store32(address, a(d.t)) else { return }
        }
        setA(d.t, old)
    }

    /// LOOP/LOOPNEZ/LOOPGTZ: LCOUNT ← AR[s] − 1, LBEG ← PC + 3, LEND ← the label, even when the loop is
    /// skipped (a jump to LEND).
    @inline(never)
    func startLoop(_ d: InstructionPointer, skip: Bool) {
        loopCount = a(d.s) &- 1
        loopBegin = pc &+ 3
        loopEnd = d.imm
        if skip { pc = loopEnd } else { fallThrough(d) }
    }
}
