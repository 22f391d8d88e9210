// SPDX-License-Identifier: MIT
import Testing
import XtensaCore
import XtensaSim

/// A host debugger's breakpoints in the core: the run stops before the instruction, the guest's memory and
/// debug registers stay untouched, and resuming executes the instruction once.
@Suite struct HostBreakpointTests {
    @Test func theRunStopsBeforeTheInstructionAndResumesPastIt() {
        let board = SimBoard { _, _ in }
        let nop: [UInt8] = [0xF0, 0x20, 0x00]
        let nops = Array([[UInt8]](repeating: nop, count: 16).joined())
        #expect(board.addressSpace.load(nops, at: 0x1000))
        let core = board.core
        core.setPC(0x1000)
        core.hostBreakpoints = [0x1009]
        #expect(core.run(cycles: 100) == .hostBreakpoint(pc: 0x1009))
        #expect(core.pc == 0x1009 && core.cycles == 3, "three NOPs ran, the fourth did not")
        #expect(board.addressSpace.peek(0x1009, count: 3) == [0xF0, 0x20, 0x00], "memory unchanged")
        #expect(core.specialRegister(SpecialRegister.ibreakenable) == 0)
        core.hostBreakpointResumeAddress = 0x1009
        #expect(core.run(cycles: 2) == .budgetExhausted)
        #expect(core.pc == 0x100F)
        core.hostBreakpoints = []
        core.setPC(0x1009)
        #expect(core.run(cycles: 2) == .budgetExhausted && core.pc == 0x100F, "cleared: no stop")
    }
}
