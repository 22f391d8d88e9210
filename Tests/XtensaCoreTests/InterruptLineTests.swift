// SPDX-License-Identifier: MIT
import Testing
import XtensaCore
import XtensaSim

/// The API the SoC uses to drive external interrupt lines, with the ESP32's level- and edge-triggered
/// interrupts, levels 2 and 4 (only external sources have them), the NMI, and WAITI's report when only an
/// external line can wake the core.
@Suite struct InterruptLineTests {
    let board = SimBoard { _, _ in }
    var core: Core { board.core }
    let vecbase: UInt32 = 0x0002_0000

    init() {
        // NOPs over the whole vector area, so that a test can step into a vector and see where it went.
        let nop: [UInt8] = [0xF0, 0x20, 0x00]
        board.addressSpace.load(Array((0..<0x156).flatMap { _ in nop }), at: 0x0002_0000)
    }

    /// An idle loop at 0x1000 (`j 0x1000`) with interrupts enabled in `enable`.
    func idle(enable: UInt32, ps: UInt32 = 0x0004_0020) {
        board.addressSpace.load([0x06, 0xFF, 0xFF], at: 0x1000)
        core.setPC(0x1000)
        core.setSpecialRegister(SpecialRegister.vecbase, vecbase)
        core.setSpecialRegister(SpecialRegister.ps, ps)
        core.setSpecialRegister(SpecialRegister.intenable, enable)
    }

    @Test func aLevelTriggeredLineFollowsTheSourceAndIsTakenAtItsLevel() {
        idle(enable: 1 << 19)                        // interrupt 19: level 2, level-triggered
        _ = core.run(cycles: 10)
        #expect(core.pc == 0x1000)
        core.setInterruptLine(19, asserted: true)
        core.step()
        #expect(core.pc == vecbase + 0x180 + 3)      // level-2 vector, after executing its first instruction
        #expect(core.specialRegister(SpecialRegister.epc1 + 1) == 0x1000)   // EPC2
        #expect(core.processorStatus & 0xF == 2)
        #expect(core.pendingInterrupts == 1 << 19)
        core.setInterruptLine(19, asserted: false)
        #expect(core.pendingInterrupts == 0)
    }

    @Test func anEdgeTriggeredLineLatchesUntilCleared() {
        idle(enable: 1 << 28, ps: 0x0004_0024)       // interrupt 28: level 4, edge; masked at INTLEVEL 4
        core.setInterruptLine(28, asserted: true)
        core.setInterruptLine(28, asserted: false)
        _ = core.run(cycles: 5)
        #expect(core.pendingInterrupts == 1 << 28)   // latched although the line dropped
        #expect(core.pc == 0x1000)
        core.setSpecialRegister(SpecialRegister.ps, 0x0004_0023)
        core.step()
        #expect(core.pc == vecbase + 0x200 + 3)      // level 4 above INTLEVEL 3
        #expect(core.pendingInterrupts == 1 << 28)   // still pending until INTCLEAR
    }

    @Test func theNMIIsTakenEvenAtTheHighestLevel() {
        idle(enable: 0, ps: 0x0004_003F)             // INTLEVEL 15, EXCM set, INTENABLE 0
        core.setInterruptLine(14, asserted: true)
        core.step()
        #expect(core.pc == vecbase + 0x2C0 + 3)
        #expect(core.specialRegister(SpecialRegister.epc1 + 6) == 0x1000)   // EPC7
        #expect(core.pendingInterrupts & 1 << 14 == 0)                      // taken: cleared
    }

    @Test func waitiWithNothingArmedWaitsForTheSoC() {
        board.addressSpace.load([0x00, 0x70, 0x00], at: 0x1000)             // waiti 0
        core.setPC(0x1000)
        core.setSpecialRegister(SpecialRegister.vecbase, vecbase)
        core.setSpecialRegister(SpecialRegister.ps, 0x0004_0020)
        core.setSpecialRegister(SpecialRegister.intenable, 1 << 0)
        #expect(core.run(cycles: 1000) == .waitingForInterrupt)
        #expect(core.isWaiting)
        core.setInterruptLine(0, asserted: true)
        core.step()
        #expect(!core.isWaiting)
        #expect(core.specialRegister(SpecialRegister.epc1) == 0x1003)       // resumes after WAITI
        #expect(core.specialRegister(SpecialRegister.exccause) == 4)
    }

    @Test func waitiSleepsThroughCyclesUntilTheTimer() {
        board.addressSpace.load([0x00, 0x70, 0x00], at: 0x1000)
        core.setPC(0x1000)
        core.setSpecialRegister(SpecialRegister.vecbase, vecbase)
        core.setSpecialRegister(SpecialRegister.ps, 0x0004_0020)
        core.setSpecialRegister(SpecialRegister.ccompare0, 1_000_000)
        core.setSpecialRegister(SpecialRegister.intenable, 1 << 6)
        #expect(core.run(cycles: 1_000_005) == .budgetExhausted)
        #expect(!core.isWaiting)
        #expect(core.specialRegister(SpecialRegister.exccause) == 4)
        #expect(core.cycles >= 1_000_000)
    }
}
