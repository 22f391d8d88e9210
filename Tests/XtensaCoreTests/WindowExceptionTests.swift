// SPDX-License-Identifier: MIT
import Testing
import XtensaCore
import XtensaSim

/// Single-instruction checks of the windowed-register exception state, against the worked examples of the
/// ISA reference (xtensa_isa.md §3.2). Each test places one instruction at 0x1000 of the sim board's RAM,
/// sets the state by hand, steps once and inspects the result.
@Suite struct WindowExceptionTests {
    let board = SimBoard { _, _ in }
    var core: Core { board.core }
    let vecbase: UInt32 = 0x0002_0000

    /// PS with WOE = 1, UM = 1, EXCM = 0 and the given CALLINC.
    func runningPS(callIncrement: UInt32 = 0) -> UInt32 { 0x0004_0020 | callIncrement << 16 }

    func place(_ bytes: [UInt8], at address: UInt32 = 0x1000) {
        board.addressSpace.load(bytes, at: address)
        core.setPC(address)
        core.setSpecialRegister(SpecialRegister.vecbase, vecbase)
    }

    @Test func overflowOnAnA8AccessSpillsTheFrameAbove() {
        // WB = 3, WS = panes 3, 5, 7: one clear pane above WB, so a8 (pane offset 2) overflows.
        place([0x80, 0x88, 0x20])                   // or a8, a8, a8
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.setSpecialRegister(SpecialRegister.windowbase, 3)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 3 | 1 << 5 | 1 << 7)
        core.step()
        #expect(core.pc == vecbase + 0x80)           // WindowOverflow8: the frame at pane 5 spans panes 5-6
        #expect(core.windowBase == 5)
        #expect(core.specialRegister(SpecialRegister.epc1) == 0x1000)
        let ps = core.specialRegister(SpecialRegister.ps)
        #expect(ps & 0x10 != 0)                      // EXCM
        #expect((ps >> 8) & 0xF == 3)                // OWB = old WB
        #expect(core.specialRegister(SpecialRegister.exccause) == 0)
    }

    @Test func noOverflowWhenThePanesAreFreeOrChecksAreOff() {
        place([0x80, 0x88, 0x20])
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.setSpecialRegister(SpecialRegister.windowbase, 3)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 3 | 1 << 6)    // panes 4, 5 clear: k = 2
        core.step()
        #expect(core.pc == 0x1003)
        place([0xF0, 0xFF, 0x20])                   // or a15, a15, a15 with EXCM = 1: no check
        core.setSpecialRegister(SpecialRegister.ps, runningPS() | 0x10)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 3 | 1 << 4)
        core.step()
        #expect(core.pc == 0x1003)
    }

    @Test func rfwoMarksTheSpilledFrameDeadAndReturns() {
        place([0x00, 0x34, 0x00])                   // rfwo
        core.setSpecialRegister(SpecialRegister.ps, runningPS() | 0x10 | 3 << 8)
        core.setSpecialRegister(SpecialRegister.windowbase, 5)
        core.setSpecialRegister(SpecialRegister.windowstart, 0b1010_1000)
        core.setSpecialRegister(SpecialRegister.epc1, 0x2000)
        core.step()
        #expect(core.specialRegister(SpecialRegister.windowstart) == 0b1000_1000)
        #expect(core.windowBase == 3)
        #expect(core.pc == 0x2000)
        #expect(core.specialRegister(SpecialRegister.ps) & 0x10 == 0)
    }

    @Test func retwToASpilledCallerTakesUnderflow8() {
        place([0x90, 0x00, 0x00])                   // retw
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.setSpecialRegister(SpecialRegister.windowbase, 5)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 5)            // the caller (pane 3) was spilled
        core.setRegister(0, 0x8000_1234)            // n = 2
        core.step()
        #expect(core.pc == vecbase + 0xC0)
        #expect(core.windowBase == 3)
        #expect(core.specialRegister(SpecialRegister.epc1) == 0x1000)
        let ps = core.specialRegister(SpecialRegister.ps)
        #expect(ps & 0x10 != 0 && (ps >> 8) & 0xF == 5)
        #expect(core.specialRegister(SpecialRegister.windowstart) == 1 << 5)
    }

    @Test func rfwuMarksTheCallerLiveThenRetwCompletes() {
        place([0x00, 0x35, 0x00])                   // rfwu
        core.setSpecialRegister(SpecialRegister.ps, runningPS() | 0x10 | 5 << 8)
        core.setSpecialRegister(SpecialRegister.windowbase, 3)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 5)
        core.setSpecialRegister(SpecialRegister.epc1, 0x1100)
        board.addressSpace.load([0x90, 0x00, 0x00], at: 0x1100)                 // the RETW to re-execute
        core.step()
        #expect(core.specialRegister(SpecialRegister.windowstart) == 1 << 5 | 1 << 3)
        #expect(core.windowBase == 5 && core.pc == 0x1100)
        core.setRegister(0, 0x8000_1234)
        core.step()
        #expect(core.windowBase == 3)
        #expect(core.specialRegister(SpecialRegister.windowstart) == 1 << 3)
        #expect(core.pc == 0x0000_1234)              // PC[31:30] of the RETW with a0[29:0]
    }

    @Test func retwWithAMismatchedIncrementIsIllegal() {
        place([0x90, 0x00, 0x00])
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.setSpecialRegister(SpecialRegister.windowbase, 5)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 5 | 1 << 2)   // nearest live pane is 3 below
        core.setRegister(0, 0x8000_1234)                                       // but n = 2
        core.step()
        #expect(core.specialRegister(SpecialRegister.exccause) == 0)
        #expect(core.pc == vecbase + 0x340)
        place([0x90, 0x00, 0x00])
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.setRegister(0, 0x0000_1234)                                       // n = 0
        core.step()
        #expect(core.pc == vecbase + 0x340)
    }

    @Test func entryRotatesByCallIncAndAllocatesTheFrame() {
        place([0x36, 0x81, 0x00])                   // entry a1, 64
        core.setSpecialRegister(SpecialRegister.ps, runningPS(callIncrement: 2))
        core.setSpecialRegister(SpecialRegister.windowbase, 1)
        core.setSpecialRegister(SpecialRegister.windowstart, 1 << 1)
        core.setRegister(1, 0x3000)
        core.step()
        #expect(core.windowBase == 3)
        #expect(core.specialRegister(SpecialRegister.windowstart) == 1 << 1 | 1 << 3)
        #expect(core.register(1) == 0x3000 - 64)
        #expect((core.specialRegister(SpecialRegister.ps) >> 16) & 3 == 2)     // CALLINC kept
    }

    @Test func entryIsIllegalWithWindowOverflowChecksOff() {
        place([0x36, 0x41, 0x00])
        core.setSpecialRegister(SpecialRegister.ps, 0x0000_0020 | 1 << 16)     // WOE = 0
        core.step()
        #expect(core.specialRegister(SpecialRegister.exccause) == 0)
        #expect(core.pc == vecbase + 0x340)
    }

    @Test func callPutsTheIncrementInTheReturnAddress() {
        place([0x25, 0x00, 0x01])                   // call8 with offset 0x400 words: 0x1000 → 0x2004
        core.setSpecialRegister(SpecialRegister.ps, runningPS())
        core.step()
        #expect(core.register(8) == 0x8000_1003)
        #expect((core.specialRegister(SpecialRegister.ps) >> 16) & 3 == 2)
        #expect(core.pc == 0x2004)
        #expect(core.windowBase == 0)
    }
}
