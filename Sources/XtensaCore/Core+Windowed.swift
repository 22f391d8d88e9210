// SPDX-License-Identifier: MIT

/// The windowed-register option (xtensa_isa.md §3.2). WINDOWBASE counts panes of four registers; WINDOWSTART
/// has one bit per pane that begins a live frame.
extension Core {
    var callIncrement: UInt32 { (ps & ProcessorStatus.callIncMask) >> ProcessorStatus.callIncShift }

    func setWindowBase(_ base: UInt32) {
        setWindowOffset((base & 15) << 2)
        updateWindowChecks()
    }

    /// Whether the pane `distance` below WINDOWBASE starts a live frame.
    func paneIsLive(below distance: UInt32) -> Bool {
        windowStart >> ((windowBase &- distance) & 15) & 1 != 0
    }

    /// CALL4/8/12 and CALLX4/8/12: a(4N) ← N in bits 31:30 with the return address below, PS.CALLINC ← N.
    /// The window itself moves at the callee's ENTRY.
    @inline(never)
    func windowedCall(increment: UInt32, target: UInt32) {
        setA(UInt8(increment << 2), increment << 30 | ((pc &+ 3) & 0x3FFF_FFFF))
        ps = (ps & ~ProcessorStatus.callIncMask) | increment << ProcessorStatus.callIncShift
        pc = target
    }

    /// ENTRY as, frame: allocate the callee's frame and rotate the window by CALLINC.
    @inline(never)
    func entry(_ d: InstructionPointer) {
        guard ps & ProcessorStatus.woe != 0, ps & ProcessorStatus.excm == 0, d.s <= 3 else {
            raise(.illegalInstruction)
            return
        }
        let increment = callIncrement
        // Window check for the register the new frame starts at, a(4·CALLINC) of the caller's window.
        if increment > freePanes {
            windowOverflow()
            return
        }
        let stackPointer = a(d.s) &- d.imm
        setA(UInt8(increment << 2) | d.s, stackPointer)
        let base = (windowBase &+ increment) & 15
        setWindowOffset(base << 2)
        windowStart |= 1 << base
        updateWindowChecks()
    }

    /// RETW/RETW.N: return to the caller's window, or take a window underflow if the caller's frame was
    /// spilled.
    @inline(never)
    func windowedReturn() {
        let increment = a(0) >> 30
        let liveBelow: UInt32 = paneIsLive(below: 1) ? 1 : paneIsLive(below: 2) ? 2 : paneIsLive(below: 3) ? 3 : 0
        guard ps & ProcessorStatus.woe != 0, ps & ProcessorStatus.excm == 0, increment != 0,
              liveBelow == 0 || liveBelow == increment else {
            raise(.illegalInstruction)
            return
        }
        let base = windowBase
        if !paneIsLive(below: increment) {
            special[Int(SpecialRegister.epc1)] = pc
            ps = (ps & ~ProcessorStatus.owbMask) | base << ProcessorStatus.owbShift | ProcessorStatus.excm
            setWindowOffset(((base &- increment) & 15) << 2)
            pc = vectorBase &+ [VectorOffset.windowUnderflow4, VectorOffset.windowUnderflow8,
                                VectorOffset.windowUnderflow12][Int(increment - 1)]
            exceptionTaken = true
            attention = true
            updateWindowChecks()
            return
        }
        let returnAddress = (pc & 0xC000_0000) | (a(0) & 0x3FFF_FFFF)
        windowStart &= ~(1 << base)
        setWindowOffset(((base &- increment) & 15) << 2)
        updateWindowChecks()
        pc = returnAddress
    }

    /// MOVSP at, as: a plain move, unless no live frame is in the three panes below, in which case the caller's
    /// frames must be spilled first: the Alloca exception.
    @inline(never)
    func moveStackPointer(_ d: InstructionPointer) {
        guard paneIsLive(below: 1) || paneIsLive(below: 2) || paneIsLive(below: 3) else {
            raise(.alloca)
            return
        }
        setA(d.t, a(d.s))
    }

    /// RFWO/RFWU: leave a window-overflow or -underflow handler: mark the frame dead (overflow) or live again
    /// (underflow), restore WINDOWBASE from PS.OWB and return to the instruction that faulted.
    @inline(never)
    func returnFromWindowException(liveFrame: Bool) {
        let base = windowBase
        if liveFrame { windowStart |= 1 << base } else { windowStart &= ~(1 << base) }
        setWindowOffset(((ps & ProcessorStatus.owbMask) >> ProcessorStatus.owbShift) << 2)
        ps &= ~ProcessorStatus.excm
        pc = special[Int(SpecialRegister.epc1)]
        updateWindowChecks()
        attention = true
    }
}
