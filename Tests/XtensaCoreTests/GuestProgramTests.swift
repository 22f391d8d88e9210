// SPDX-License-Identifier: MIT
import Foundation
import Testing
import TestSupport

/// The self-checking assembly programs in Tests/GuestPrograms, run on our sim board. Those marked
/// `QEMU: <core>` in their header also run on qemu-system-xtensa with that core (dc233c for the base ISA,
/// de233_fpu for MAC16, booleans and the FPU), which validates the expectations themselves against the
/// reference implementation.
@Suite struct GuestProgramTests {
    static let programs: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: GuestProgram.sourceDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".S") && $0 != "fail.S" }.map { String($0.dropLast(2)) }.sorted()
    }()

    /// The QEMU core named by the program's `QEMU: <core>` marker, if any.
    static func qemuCore(_ name: String) -> String? {
        let source = (try? String(contentsOf: GuestProgram.sourceDirectory.appendingPathComponent("\(name).S"),
                                  encoding: .utf8)) ?? ""
        let header = source.prefix(1000)
        return ["dc233c", "de233_fpu"].first { header.contains("QEMU: \($0)") }
    }

    @Test(arguments: programs)
    func passesOnOurCore(program: String) throws {
        let outcome = try GuestProgram.runOnSimBoard(try GuestProgram.build(program))
        #expect(outcome.status == 0, "\(program): \(outcome)")
    }

    @Test(arguments: programs.filter { qemuCore($0) != nil })
    func passesOnQEMU(program: String) throws {
        // Single-stepped: QEMU 7.2's multi-instruction blocks mishandle SAR after SSL by 32 and BR right after
        // WSR BR (both found by these tests).
        let outcome = try GuestProgram.runOnQEMU(try GuestProgram.build(program), cpu: GuestProgramTests.qemuCore(program)!,
                                                 singleStep: true)
        #expect(outcome.status == 0, "\(program) on QEMU: \(outcome)")
    }

    @Test func aFailingCheckIsReportedWithItsLine() throws {
        let outcome = try GuestProgram.runOnSimBoard(try GuestProgram.build("fail"))
        #expect(outcome.status == 1)
        #expect(outcome.failure?.found == 41 && outcome.failure?.expected == 42)
        #expect(try GuestProgram.runOnQEMU(try GuestProgram.build("fail")).status == 1)
    }
}
