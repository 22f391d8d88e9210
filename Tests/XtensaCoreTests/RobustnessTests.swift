// SPDX-License-Identifier: MIT
import Testing
import XtensaCore
import XtensaSim

/// Guest input must never crash or hang the host: a million random instruction words, each executed from
/// RAM with random registers and a vector table that sends every exception straight back to the next word.
@Suite struct RobustnessTests {
    @Test func aMillionRandomInstructionWordsEachGiveADefinedResult() {
        let board = SimBoard { _, _ in }
        let core = board.core
        // Every vector jumps back to the code area: "j 0x3000" placed at each vector offset of VECBASE 0x2000.
        let vecbase: UInt32 = 0x2000
        for offset in stride(from: UInt32(0), to: 0x400, by: 0x40) {
            let displacement = Int32(0x3000) - Int32(vecbase + offset) - 4
            let word = UInt32(bitPattern: displacement << 6) & 0xFF_FFC0 | 0x06
            board.addressSpace.load(
                [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16)], at: vecbase + offset)
        }
        var generator = SplitMix(seed: 2026)
        var outcomes: [String: Int] = [:]
        for _ in 0..<1_000_000 {
            let word = UInt32(truncatingIfNeeded: generator.next())
            board.addressSpace.load(
                [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), 0, 0, 0],
                at: 0x3000)
            core.reset(resetVector: 0x3000)
            core.setSpecialRegister(SpecialRegister.vecbase, vecbase)
            core.setSpecialRegister(SpecialRegister.ps, UInt32(truncatingIfNeeded: generator.next()) & 0x0004_0F3F)
            core.setSpecialRegister(SpecialRegister.windowstart, UInt32(truncatingIfNeeded: generator.next()) & 0xFFFF)
            core.setSpecialRegister(SpecialRegister.windowbase, UInt32(truncatingIfNeeded: generator.next()) & 15)
            for register in 0..<16 {
                // Mostly small values so that loads and stores often hit RAM.
                let value = UInt32(truncatingIfNeeded: generator.next())
                core.setRegister(register, register % 2 == 0 ? value & 0x7_FFFC : value)
            }
            let reason = core.run(cycles: 4)
            let key: String
            switch reason {
            case .budgetExhausted: key = "ran"
            case .waitingForInterrupt: key = "waiting"
            case .exited: key = "semihosting exit"
            case .unrecoverableException, .unhandledException: key = "unrecoverable"
            case .hostBreakpoint, .hostWatchpoint, .observerStop: key = "debugger stop"  // none set: a stray one shows
            }
            outcomes[key, default: 0] += 1
        }
        #expect(outcomes.values.reduce(0, +) == 1_000_000)
        #expect(outcomes["ran", default: 0] > 900_000, "\(outcomes)")
    }
}

/// A small deterministic generator for reproducible random tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
