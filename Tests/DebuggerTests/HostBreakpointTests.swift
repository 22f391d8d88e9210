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

    /// Breakpoints sit in the decode cache: code written over them (which the cache forgets) keeps them.
    @Test func aBreakpointSurvivesTheCodeBeingRewritten() {
        let board = SimBoard { _, _ in }
        let nop: [UInt8] = [0xF0, 0x20, 0x00]
        #expect(board.addressSpace.load(Array([[UInt8]](repeating: nop, count: 8).joined()), at: 0x1000))
        let core = board.core
        core.setPC(0x1000)
        core.hostBreakpoints = [0x1006]
        #expect(core.run(cycles: 1) == .budgetExhausted)
        #expect(board.addressSpace.load([0x22, 0xA0, 0x07], at: 0x1006))  // movi a2, 7 replaces the NOP
        #expect(core.run(cycles: 100) == .hostBreakpoint(pc: 0x1006))
        core.hostBreakpointResumeAddress = 0x1006
        #expect(core.run(cycles: 1) == .budgetExhausted && core.register(2) == 7, "the new instruction ran")
    }
}

/// A host debugger's watchpoints: the access completes, then the run stops; reads and writes separately.
@Suite struct HostWatchpointTests {
    @Test func aWatchedStoreCompletesAndStopsTheRun() {
        let board = SimBoard { _, _ in }
        // s32i a2, a3, 0; l32i a4, a3, 0; nop
        #expect(board.addressSpace.load([0x22, 0x63, 0x00, 0x42, 0x23, 0x00, 0xF0, 0x20, 0x00], at: 0x1000))
        let core = board.core
        core.setPC(0x1000)
        core.setRegister(2, 0xCAFE_F00D)
        core.setRegister(3, 0x2000)
        let write = HostWatchpoint(address: 0x2002, length: 1, onRead: false, onWrite: true)
        core.hostWatchpoints = [write]
        #expect(core.run(cycles: 10) == .hostWatchpoint(write, address: 0x2000, isStore: true))
        #expect(core.pc == 0x1003 && board.addressSpace.peek(0x2000, count: 4) == [0x0D, 0xF0, 0xFE, 0xCA])
        #expect(core.run(cycles: 2) == .budgetExhausted, "the load does not trigger a write watchpoint")
        let read = HostWatchpoint(address: 0x2000, length: 4, onRead: true, onWrite: false)
        core.hostWatchpoints = [read]
        core.setPC(0x1003)
        #expect(core.run(cycles: 10) == .hostWatchpoint(read, address: 0x2000, isStore: false))
        #expect(core.register(4) == 0xCAFE_F00D)
        core.hostWatchpoints = []
        core.setPC(0x1000)
        #expect(core.run(cycles: 3) == .budgetExhausted, "removed: the page is fast again and nothing stops")
    }
}

/// An instruction observer sees every instruction before it runs, in order, and can stop the run before one;
/// without it the core is back on its fast path.
@Suite struct InstructionObserverTests {
    final class Recorder: InstructionObserver {
        var seen: [UInt32] = []
        let stopAt: UInt32

        init(stopAt: UInt32) { self.stopAt = stopAt }

        func shouldStop(before core: Core) -> Bool {
            seen.append(core.pc)
            return core.pc == stopAt
        }
    }

    @Test func theObserverSeesEachInstructionAndStopsTheRun() {
        let board = SimBoard { _, _ in }
        let nop: [UInt8] = [0xF0, 0x20, 0x00]
        #expect(board.addressSpace.load(Array([[UInt8]](repeating: nop, count: 16).joined()), at: 0x1000))
        let core = board.core
        core.setPC(0x1000)
        let recorder = Recorder(stopAt: 0x100C)
        core.instructionObserver = recorder
        #expect(core.run(cycles: 100) == .observerStop(pc: 0x100C))
        #expect(recorder.seen == [0x1000, 0x1003, 0x1006, 0x1009, 0x100C])
        #expect(core.pc == 0x100C && core.cycles == 4, "the instruction it stopped before did not run")
        core.instructionObserver = nil
        #expect(core.run(cycles: 2) == .budgetExhausted && core.pc == 0x1012)
        #expect(recorder.seen.count == 5)
    }
}
