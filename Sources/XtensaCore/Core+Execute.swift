// SPDX-License-Identifier: MIT
import XtensaISA

/// The dispatch: one dense switch over the operation. Each case is a line or calls a helper in the file of
/// its option group. Sequential instructions leave the PC alone (the run loop moves it and applies the
/// zero-overhead-loop rule); control-transfer instructions (`DecodedInstruction.isControlTransfer`) always set it.
extension Core {
    @inline(__always) func execute(_ d: InstructionPointer) {
        switch d.operation {
        // MARK: Arithmetic and logic (Core+Arithmetic)
        case .add, .addN: setA(d.r, a(d.s) &+ a(d.t))
        case .addx2: setA(d.r, a(d.s) &<< 1 &+ a(d.t))
        case .addx4: setA(d.r, a(d.s) &<< 2 &+ a(d.t))
        case .addx8: setA(d.r, a(d.s) &<< 3 &+ a(d.t))
        case .sub: setA(d.r, a(d.s) &- a(d.t))
        case .subx2: setA(d.r, a(d.s) &<< 1 &- a(d.t))
        case .subx4: setA(d.r, a(d.s) &<< 2 &- a(d.t))
        case .subx8: setA(d.r, a(d.s) &<< 3 &- a(d.t))
        case .and: setA(d.r, a(d.s) & a(d.t))
        case .or: setA(d.r, a(d.s) | a(d.t))
        case .xor: setA(d.r, a(d.s) ^ a(d.t))
        case .neg: setA(d.r, 0 &- a(d.t))
        case .abs: setA(d.r, Int32(bitPattern: a(d.t)).magnitude)
        case .addi, .addmi: setA(d.t, a(d.s) &+ d.imm)
        case .addiN: setA(d.r, a(d.s) &+ d.imm)
        case .movi: setA(d.t, d.imm)
        case .moviN: setA(d.s, d.imm)
        case .movN: setA(d.t, a(d.s))
        case .extui: setA(d.r, (a(d.t) &>> d.imm) & ((1 &<< d.imm2) &- 1))
        case .slli: setA(d.r, a(d.s) &<< d.imm)
        case .srai: setA(d.r, UInt32(bitPattern: Int32(bitPattern: a(d.t)) &>> Int32(d.imm)))
        case .srli: setA(d.r, a(d.t) &>> d.imm)
        case .sll: shiftLeftBySAR(d)
        case .srl: setA(d.r, UInt32(truncatingIfNeeded: UInt64(a(d.t)) >> UInt64(sar)))
        case .sra: setA(d.r, UInt32(truncatingIfNeeded: Int64(Int32(bitPattern: a(d.t))) >> Int64(sar)))
        case .src: setA(d.r, UInt32(truncatingIfNeeded: (UInt64(a(d.s)) << 32 | UInt64(a(d.t))) >> UInt64(sar)))
        case .ssr: sar = a(d.s) & 31
        case .ssl: sar = 32 &- (a(d.s) & 31)
        case .ssa8l: sar = (a(d.s) & 3) &* 8
        case .ssa8b: sar = 32 &- (a(d.s) & 3) &* 8
        case .ssai: sar = d.imm
        case .mul16u: setA(d.r, (a(d.s) & 0xFFFF) &* (a(d.t) & 0xFFFF))
        case .mul16s: setA(d.r, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a(d.s))) &* Int32(Int16(truncatingIfNeeded: a(d.t)))))
        case .mull: setA(d.r, a(d.s) &* a(d.t))
        case .muluh: setA(d.r, UInt32(truncatingIfNeeded: (UInt64(a(d.s)) &* UInt64(a(d.t))) >> 32))
        case .mulsh:
            let product = Int64(Int32(bitPattern: a(d.s))) &* Int64(Int32(bitPattern: a(d.t)))
            setA(d.r, UInt32(truncatingIfNeeded: product >> 32))
        case .quou, .quos, .remu, .rems: divide(d)
        case .nsa:
            let value = Int32(bitPattern: a(d.s))
            setA(d.t, UInt32((value < 0 ? ~value : value).leadingZeroBitCount - 1))
        case .nsau: setA(d.t, UInt32(a(d.s).leadingZeroBitCount))
        case .min: setA(d.r, UInt32(bitPattern: Swift.min(Int32(bitPattern: a(d.s)), Int32(bitPattern: a(d.t)))))
        case .max: setA(d.r, UInt32(bitPattern: Swift.max(Int32(bitPattern: a(d.s)), Int32(bitPattern: a(d.t)))))
        case .minu: setA(d.r, Swift.min(a(d.s), a(d.t)))
        case .maxu: setA(d.r, Swift.max(a(d.s), a(d.t)))
        case .sext:
            let shift = 31 &- d.imm
            setA(d.r, UInt32(bitPattern: Int32(bitPattern: a(d.s) &<< shift) &>> Int32(shift)))
        case .clamps: clampSigned(d)
        case .moveqz: if a(d.t) == 0 { setA(d.r, a(d.s)) }
        case .movnez: if a(d.t) != 0 { setA(d.r, a(d.s)) }
        case .movltz: if Int32(bitPattern: a(d.t)) < 0 { setA(d.r, a(d.s)) }
        case .movgez: if Int32(bitPattern: a(d.t)) >= 0 { setA(d.r, a(d.s)) }
        case .movf: if !booleanBit(d.t) { setA(d.r, a(d.s)) }
        case .movt: if booleanBit(d.t) { setA(d.r, a(d.s)) }

        // MARK: Loads and stores (Core+Memory)
        case .l8ui: if let v = load8(a(d.s) &+ d.imm) { setA(d.t, v) }
        case .l16ui: if let v = load16(a(d.s) &+ d.imm) { setA(d.t, v) }
        case .l16si: if let v = load16(a(d.s) &+ d.imm) { setA(d.t, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: v)))) }
        case .l32i, .l32iN, .l32e: if let v = load32(a(d.s) &+ d.imm) { setA(d.t, v) }
        case .l32ai: if let v = load32((a(d.s) &+ d.imm) & ~3) { setA(d.t, v) }
        case .l32r: if let v = load32(d.imm) { setA(d.t, v) }
        case .s8i: _ = store8(a(d.s) &+ d.imm, a(d.t))
        case .s16i: _ = store16(a(d.s) &+ d.imm, a(d.t))
        case .s32i, .s32iN, .s32e, .s32nb: _ = store32(a(d.s) &+ d.imm, a(d.t))
        case .s32ri: _ = store32((a(d.s) &+ d.imm) & ~3, a(d.t))
        case .s32c1i: compareAndSwap(d)

        // MARK: Branches, jumps and calls
        case .beq: branch(d, if: a(d.s) == a(d.t), to: d.imm)
        case .bne: branch(d, if: a(d.s) != a(d.t), to: d.imm)
        case .blt: branch(d, if: Int32(bitPattern: a(d.s)) < Int32(bitPattern: a(d.t)), to: d.imm)
        case .bge: branch(d, if: Int32(bitPattern: a(d.s)) >= Int32(bitPattern: a(d.t)), to: d.imm)
        case .bltu: branch(d, if: a(d.s) < a(d.t), to: d.imm)
        case .bgeu: branch(d, if: a(d.s) >= a(d.t), to: d.imm)
        case .bany: branch(d, if: a(d.s) & a(d.t) != 0, to: d.imm)
        case .bnone: branch(d, if: a(d.s) & a(d.t) == 0, to: d.imm)
        case .ball: branch(d, if: a(d.s) & a(d.t) == a(d.t), to: d.imm)
        case .bnall: branch(d, if: a(d.s) & a(d.t) != a(d.t), to: d.imm)
        case .bbc: branch(d, if: a(d.s) & (1 &<< (a(d.t) & 31)) == 0, to: d.imm)
        case .bbs: branch(d, if: a(d.s) & (1 &<< (a(d.t) & 31)) != 0, to: d.imm)
        case .beqi: branch(d, if: a(d.s) == d.imm, to: d.imm2)
        case .bnei: branch(d, if: a(d.s) != d.imm, to: d.imm2)
        case .blti: branch(d, if: Int32(bitPattern: a(d.s)) < Int32(bitPattern: d.imm), to: d.imm2)
        case .bgei: branch(d, if: Int32(bitPattern: a(d.s)) >= Int32(bitPattern: d.imm), to: d.imm2)
        case .bltui: branch(d, if: a(d.s) < d.imm, to: d.imm2)
        case .bgeui: branch(d, if: a(d.s) >= d.imm, to: d.imm2)
        case .bbci: branch(d, if: a(d.s) & (1 &<< d.imm) == 0, to: d.imm2)
        case .bbsi: branch(d, if: a(d.s) & (1 &<< d.imm) != 0, to: d.imm2)
        case .beqz, .beqzN: branch(d, if: a(d.s) == 0, to: d.imm)
        case .bnez, .bnezN: branch(d, if: a(d.s) != 0, to: d.imm)
        case .bltz: branch(d, if: Int32(bitPattern: a(d.s)) < 0, to: d.imm)
        case .bgez: branch(d, if: Int32(bitPattern: a(d.s)) >= 0, to: d.imm)
        case .bf: branch(d, if: !booleanBit(d.s), to: d.imm)
        case .bt: branch(d, if: booleanBit(d.s), to: d.imm)
        case .j: pc = d.imm
        case .jx: pc = a(d.s)
        case .call0: setA(0, pc &+ 3); pc = d.imm
        case .callx0:
            let target = a(d.s)
            setA(0, pc &+ 3); pc = target
        case .ret, .retN: pc = a(0)
        case .call4: windowedCall(increment: 1, target: d.imm)
        case .call8: windowedCall(increment: 2, target: d.imm)
        case .call12: windowedCall(increment: 3, target: d.imm)
        case .callx4: windowedCall(increment: 1, target: a(d.s))
        case .callx8: windowedCall(increment: 2, target: a(d.s))
        case .callx12: windowedCall(increment: 3, target: a(d.s))
        case .entry: entry(d)
        case .retw, .retwN: windowedReturn()
        case .movsp: moveStackPointer(d)
        case .rotw: setWindowBase((windowBase &+ d.imm) & 15)
        case .rfwo: returnFromWindowException(liveFrame: false)
        case .rfwu: returnFromWindowException(liveFrame: true)

        // MARK: Zero-overhead loops
        case .loop: startLoop(d, skip: false)
        case .loopnez: startLoop(d, skip: a(d.s) == 0)
        case .loopgtz: startLoop(d, skip: Int32(bitPattern: a(d.s)) <= 0)

        // MARK: Processor control (Core+Control)
        case .nop, .nopN, .memw, .extw, .isync, .rsync, .esync, .dsync, .excw: break
        case .ill, .illN:
            if d.opcode == DecodedInstruction.notDecoded {
                // An empty decode-table slot: decode the instruction at the PC; the run loop then executes it.
                _ = decodeAtPC()
                cycles &-= 1
            } else if d.opcode == DecodedInstruction.hostBreakpoint {
                hostBreakpointReached()
            } else {
                raise(.illegalInstruction)
            }
        case .syscall: raise(.syscall)
        case .simcall: host?.simcall(self)
        case .rfe:
            ps &= ~ProcessorStatus.excm
            pc = special[Int(SpecialRegister.epc1)]
            updateWindowChecks()
            attention = true
        case .rfde: pc = special[Int(SpecialRegister.depc)]
        case .rsr: if let value = readSpecialRegister(d.specialRegisterNumber) { setA(d.t, value) }
        case .wsr: _ = writeSpecialRegister(d.specialRegisterNumber, a(d.t))
        case .xsr: exchangeSpecialRegister(d)
        case .rur: if let value = readUserRegister(d.readUserRegisterNumber) { setA(d.r, value) }
        case .wur: _ = writeUserRegister(d.specialRegisterNumber, a(d.t))

        case .rsil: readAndSetInterruptLevel(d)
        case .waiti: waitForInterrupt(d)
        case .rfi: returnFromInterrupt(d)
        case .break: breakInstruction(d, cause: DebugCause.breakInstruction)
        case .breakN: breakInstruction(d, cause: DebugCause.breakNarrow)
        // On-chip-debug-mode instructions: the core is never in OCD mode here.
        case .rfdo, .rfdd, .lddr32P, .sddr32P: raise(.illegalInstruction)
        // The external-register bus (debug module, TRAX, performance counters) is not modelled: reads give 0.
        case .rer: setA(d.t, 0)
        case .wer: break

        // MARK: Booleans
        case .andb: setBooleanBit(d.r, booleanBit(d.s) && booleanBit(d.t))
        case .andbc: setBooleanBit(d.r, booleanBit(d.s) && !booleanBit(d.t))
        case .orb: setBooleanBit(d.r, booleanBit(d.s) || booleanBit(d.t))
        case .orbc: setBooleanBit(d.r, booleanBit(d.s) || !booleanBit(d.t))
        case .xorb: setBooleanBit(d.r, booleanBit(d.s) != booleanBit(d.t))
        case .any4: setBooleanBit(d.t, booleanGroup(d.s & 0xC, count: 4) != 0)
        case .all4: setBooleanBit(d.t, booleanGroup(d.s & 0xC, count: 4) == 0xF)
        case .any8: setBooleanBit(d.t, booleanGroup(d.s & 0x8, count: 8) != 0)
        case .all8: setBooleanBit(d.t, booleanGroup(d.s & 0x8, count: 8) == 0xFF)

        // MARK: MAC16 (Core+MAC16) and the FPU (Core+FloatingPoint)
        case .mac16: mac16(d)
        case .lsi, .lsip, .lsx, .lsxp, .ssi, .ssip, .ssx, .ssxp, .absS, .negS, .movS, .moveqzS, .movnezS, .movltzS,
             .movgezS, .movfS, .movtS, .wfr, .rfr, .roundS, .ceilS, .floorS, .truncS, .utruncS, .floatS, .ufloatS,
             .unS, .ultS, .uleS, .ueqS, .oltS, .oleS, .oeqS, .addS, .subS, .mulS, .maddS, .msubS, .sqrt0S, .div0S,
             .recip0S, .rsqrt0S, .maddnS, .divnS, .constS, .nexp01S, .addexpS, .addexpmS, .mkdadjS, .mksadjS:
            floatingPoint(d)
        // The ESP32's double-precision assist opcodes have no public semantics; like QEMU we treat them as
        // illegal (xtensa_isa.md §3.13).
        case .doublePrecisionAssist: raise(.illegalInstruction)

        // MARK: Region protection (Core+RegionProtection)
        case .witlb: writeRegionAttribute(d, instruction: true)
        case .wdtlb: writeRegionAttribute(d, instruction: false)
        case .ritlb0: readRegionEntry(d, instruction: true, withAttribute: false)
        case .ritlb1: readRegionEntry(d, instruction: true, withAttribute: true)
        case .rdtlb0: readRegionEntry(d, instruction: false, withAttribute: false)
        case .rdtlb1: readRegionEntry(d, instruction: false, withAttribute: true)
        case .pitlb: readRegionEntry(d, instruction: true, withAttribute: false, probe: true)
        case .pdtlb: readRegionEntry(d, instruction: false, withAttribute: false, probe: true)
        case .iitlb, .idtlb: break

        // MARK: EXPSTATE, a GPIO-like TIE port (QEMU's model: no wires to read)
        case .readImpwire: setA(d.t, 0)
        case .setbExpstate: user[Int(SpecialRegister.expstate)] |= 1 << d.imm
        case .clrbExpstate: user[Int(SpecialRegister.expstate)] &= ~(1 << d.imm)
        case .wrmskExpstate: user[Int(SpecialRegister.expstate)] = a(d.t) & a(d.s)
        }
    }

    /// Moves past an instruction that did not transfer control, looping back to LBEG when it ends at LEND
    /// with LCOUNT ≠ 0 and PS.EXCM = 0 (xtensa_isa.md §3.3). Sequential instructions leave this to the run
    /// loop; control-transfer instructions call it when they fall through (a branch not taken).
    @inline(__always) func fallThrough(_ d: InstructionPointer) {
        let next = pc &+ UInt32(d.length)
        if next == loopEnd && loopCount != 0 && ps & ProcessorStatus.excm == 0 {
            loopCount &-= 1
            pc = loopBegin
        } else {
            pc = next
        }
    }

    /// A taken branch transfers control (no loop-back); a branch not taken is a sequential instruction.
    @inline(__always) func branch(_ d: InstructionPointer, if condition: Bool, to target: UInt32) {
        if condition { pc = target } else { fallThrough(d) }
    }

    @inline(__always) func booleanBit(_ index: UInt8) -> Bool {
        special[Int(SpecialRegister.br)] >> UInt32(index) & 1 != 0
    }

    func setBooleanBit(_ index: UInt8, _ value: Bool) {
        let br = Int(SpecialRegister.br)
        if value { special[br] |= 1 << UInt32(index) } else { special[br] &= ~(1 << UInt32(index)) }
    }

    /// `count` boolean registers starting at b[first], as bits.
    func booleanGroup(_ first: UInt8, count: UInt32) -> UInt32 {
        special[Int(SpecialRegister.br)] >> UInt32(first) & ((1 << count) - 1)
    }
}
