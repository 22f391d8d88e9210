// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing

/// `esp32emu run --machine sim` as users and CI scripts see it: output, exit codes, errors. Uses the release
/// binary. (The ESP32 machine's options are in ESP32RunCommandTests.)
@Suite struct SimRunCommandTests {
    func emulator(_ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try ProcessRunner.run(Repository.releaseEmulator.path, arguments, timeout: timeout)
    }

    func program(_ name: String, _ body: String) throws -> URL {
        try GuestProgram.build(name, source: "#include \"harness.inc\"\n    .global main\nmain:\n" + body)
    }

    @Test func theGuestsExitStatusAndOutputPassThrough() throws {
        let elf = try program(
            "cli_exit7",
            """
                movi    a2, 4
                movi    a3, 1
                l32r_value a4, message
                movi    a5, 6
                SIMCALL
                movi    a2, 1
                movi    a3, 7
                SIMCALL
                .data
            message: .ascii "hello\\n"
            """)
        let result = try emulator(["run", "--machine", "sim", elf.path])
        #expect(result.status == 7)
        #expect(result.standardOutput == "hello\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func aGuestWithoutExceptionHandlersCrashesWithExit3() throws {
        // The harness installs vectors, so point VECBASE at memory that does not exist first.
        let elf = try program(
            "cli_crash",
            """
                l32r_value a2, 0x20000000
                wsr     a2, vecbase
                ill
            """)
        let result = try emulator(["run", "--machine", "sim", elf.path])
        #expect(result.status == 3)
        #expect(result.standardError.contains("guest crashed"))
        #expect(result.standardError.contains("InstrPIFAddrError"))
    }

    @Test func theInstructionLimitEndsARunawayGuestWithExit43() throws {
        let elf = try program("cli_loop", "1:  j 1b\n")
        let result = try emulator(["run", "--machine", "sim", "--max-instructions", "100000", elf.path])
        #expect(result.status == 43)
        #expect(result.standardError.contains("instruction limit"))
    }

    @Test func waitingForAnInterruptNothingRaisesIsReported() throws {
        let elf = try program("cli_waiti", "    waiti 0\n")
        let result = try emulator(["run", "--machine", "sim", elf.path])
        #expect(result.status == 3)
        #expect(result.standardError.contains("waits for an interrupt"))
    }

    @Test func badImagesAndUsageErrorsExitWith2() throws {
        let missing = try emulator(["run", "/nonexistent.elf"])
        #expect(missing.status == 2 && missing.standardError.contains("cannot read /nonexistent.elf"))

        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(getpid()).elf")
        try Data("not an elf at all".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        let notELF = try emulator(["run", junk.path])
        #expect(notELF.status == 2 && notELF.standardError.contains("neither an ELF file"))

        let unknownMachine = try emulator(["run", "--machine", "vax", junk.path])
        #expect(unknownMachine.status == 2 && unknownMachine.standardError.contains("--machine"))

        let noImage = try emulator(["run"])
        #expect(noImage.status == 2)

        let zeroLimit = try emulator(["run", "--max-instructions", "0", junk.path])
        #expect(zeroLimit.status == 2 && zeroLimit.standardError.contains("at least 1"))
    }

    @Test func statsReportSpeed() throws {
        let elf = try program("cli_stats", "    PASS\n")
        let result = try emulator(["run", "--machine", "sim", "--stats", elf.path])
        #expect(result.status == 0)
        #expect(result.standardError.contains("MIPS"))
    }

    @Test func esp32OptionsAreRejectedForTheSimBoard() throws {
        let elf = try program("cli_sim_options", "    PASS\n")
        let result = try emulator(["run", "--machine", "sim", "--expect", "x", elf.path])
        #expect(result.status == 2 && result.standardError.contains("--machine sim takes only"))
    }
}
