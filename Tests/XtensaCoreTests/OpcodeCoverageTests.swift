// SPDX-License-Identifier: MIT
import Testing
import TestSupport
import XtensaISA

/// The ISA programs together must execute every ESP32 opcode. The ones the ESP32 treats as illegal (see
/// `documentedIllegal`) must be executed too: the programs check that they raise IllegalInstruction.
@Suite struct OpcodeCoverageTests {
    /// Decoded by the ESP32's opcode tables but raising IllegalInstruction here, with the reason:
    /// - no public semantics (QEMU raises too): the F64 double-precision assist ops, RECIP0.S, RSQRT0.S;
    /// - on-chip-debug mode only: LDDR32.P, SDDR32.P, RFDO, RFDD;
    /// - registers the ESP32 lacks or makes read-only: LITBASE, WSR CONFIGID0, WSR/XSR DEBUGCAUSE.
    static let documentedIllegal: Set<Opcode> = [
        .f64iter, .f64rnd, .f64addc, .f64subc, .f64sig, .f64cmpl, .f64cmph, .f64norm, .f64sexp, .rf64r, .wf64r,
        .recip0S, .rsqrt0S, .lddr32P, .sddr32P, .rfdo, .rfdd,
        .rsrLitbase, .wsrLitbase, .xsrLitbase, .wsrConfigid0, .wsrDebugcause, .xsrDebugcause,
    ]

    @Test func theISAProgramsExecuteEveryOpcode() throws {
        var executed: Set<Opcode> = []
        for program in GuestProgramTests.programs {
            executed.formUnion(try GuestProgram.runOnSimBoard(try GuestProgram.build(program)).executedOpcodes)
        }
        let missing = Set(Opcode.allCases).subtracting(executed)
        let missingLegal = missing.subtracting(OpcodeCoverageTests.documentedIllegal)
        #expect(missingLegal.isEmpty, "never executed: \(missingLegal.map(\.mnemonic).sorted().joined(separator: " "))")
        let untestedIllegal = missing.intersection(OpcodeCoverageTests.documentedIllegal)
        #expect(untestedIllegal.isEmpty,
                "illegal but never tried: \(untestedIllegal.map(\.mnemonic).sorted().joined(separator: " "))")
    }
}
