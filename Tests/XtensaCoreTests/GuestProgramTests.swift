// SPDX-License-Identifier: MIT
import Foundation
import Testing
import TestSupport

/// The self-checking assembly programs in Tests/GuestPrograms, run on our sim board. Those marked
/// `QEMU: dc233c` in their first lines also run on qemu-system-xtensa, which validates the expectations
/// themselves against the reference implementation.
@Suite struct GuestProgramTests {
    static let programs: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: GuestProgram.sourceDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".S") && $0 != "fail.S" }.map { String($0.dropLast(2)) }.sorted()
    }()

    static func runsOnQEMU(_ name: String) -> Bool {
        let source = (try? String(contentsOf: GuestProgram.sourceDirectory.appendingPathComponent("\(name).S"),
                                  encoding: .utf8)) ?? ""
        return source.prefix(1000).contains("QEMU: dc233c")
    }

    @Test(arguments: programs)
    func passesOnOurCore(program: String) throws {
        let outcome = try GuestProgram.runOnSimBoard(try GuestProgram.build(program))
        #expect(outcome.status == 0, "\(program): \(outcome)")
    }

    @Test(arguments: programs.filter(runsOnQEMU))
    func passesOnQEMU(program: String) throws {
        let outcome = try GuestProgram.runOnQEMU(try GuestProgram.build(program))
        #expect(outcome.status == 0, "\(program) on QEMU: \(outcome)")
    }

    @Test func aFailingCheckIsReportedWithItsLine() throws {
        let outcome = try GuestProgram.runOnSimBoard(try GuestProgram.build("fail"))
        #expect(outcome.status == 1)
        #expect(outcome.failure?.found == 41 && outcome.failure?.expected == 42)
        #expect(try GuestProgram.runOnQEMU(try GuestProgram.build("fail")).status == 1)
    }
}
