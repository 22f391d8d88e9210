// SPDX-License-Identifier: MIT
import Foundation
import ImageFormats
import XtensaISA
import XtensaSim

/// Assembles and links the ISA test programs in Tests/GuestPrograms (llvm-mc + lx106-ld, like the firmware)
/// and runs them on our sim board or on QEMU's.
public enum GuestProgram {
    public static let sourceDirectory = Repository.root.appendingPathComponent("Tests/GuestPrograms")
    private static let buildDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-guest-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    public struct BuildFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds `<name>.S` (from Tests/GuestPrograms, or `source` if given) into an ELF and returns its path.
    public static func build(_ name: String, source: String? = nil) throws -> URL {
        let input: URL
        if let source {
            input = buildDirectory.appendingPathComponent("\(name).S")
            try source.write(to: input, atomically: true, encoding: .utf8)
        } else {
            input = sourceDirectory.appendingPathComponent("\(name).S")
        }
        let base = buildDirectory.appendingPathComponent(name)
        let llvm = Repository.llvmBin
        let steps: [(String, [String])] = [
            (
                llvm.appendingPathComponent("clang").path,
                [
                    "-E", "-P", "-x", "assembler-with-cpp", "-I", sourceDirectory.path,
                    "-I", Repository.firmwareDirectory.appendingPathComponent("Boards/common").path,
                    input.path, "-o", base.path + ".s",
                ]
            ),
            (
                llvm.appendingPathComponent("llvm-mc").path,
                ["-triple=xtensa", "-mcpu=esp32", "-filetype=obj", base.path + ".s", "-o", base.path + ".o"]
            ),
            (
                "/usr/bin/xtensa-lx106-elf-ld",
                [
                    "--no-relax", "--no-warn-rwx-segments", "-T",
                    sourceDirectory.appendingPathComponent("sim-test.ld").path,
                    base.path + ".o", "-o", base.path + ".elf",
                ]
            ),
        ]
        for (tool, arguments) in steps {
            let result = try ProcessRunner.run(tool, arguments, timeout: 120)
            guard result.status == 0 else {
                throw BuildFailure(
                    description: "\((tool as NSString).lastPathComponent) failed for \(name):\n"
                        + result.combinedOutput)
            }
        }
        return URL(fileURLWithPath: base.path + ".elf")
    }

    /// What a run of a test program produced.
    public struct Outcome: CustomStringConvertible {
        public let status: Int32?
        public let output: [UInt8]
        public let stopReason: String
        /// Opcodes the program executed (on our sim board only).
        public var executedOpcodes: Set<Opcode> = []

        /// For the harness's failed checks: source line, value found, value expected (the 16-byte report
        /// "FAIL" + three little-endian words the harness writes before exiting).
        public var failure: (line: UInt32, found: UInt32, expected: UInt32)? {
            guard let start = output.indices.first(where: { output[$0...].starts(with: Array("FAIL".utf8)) }),
                output.count >= start + 16
            else { return nil }
            let words = (0..<3).map { i in
                (0..<4).reduce(UInt32(0)) { $0 | UInt32(output[start + 4 + i * 4 + $1]) << (8 * $1) }
            }
            return (words[0], words[1], words[2])
        }

        public var text: String { String(decoding: output, as: UTF8.self) }

        public var description: String {
            if let failure {
                return "check at line \(failure.line) failed: found 0x\(String(failure.found, radix: 16)), "
                    + "expected 0x\(String(failure.expected, radix: 16))"
            }
            return "status \(status.map(String.init) ?? "none") (\(stopReason)), output: \(text)"
        }
    }

    /// Runs an ELF on our sim board for at most `instructions`.
    public static func runOnSimBoard(_ elf: URL, instructions: Int = 50_000_000) throws -> Outcome {
        var output: [UInt8] = []
        let board = SimBoard { _, bytes in output += bytes }
        let file = try ELFFile(bytes: [UInt8](Data(contentsOf: elf)))
        try board.load(elf: file)
        let reason = board.core.run(cycles: instructions)
        var status: Int32?
        if case .exited(let code) = reason { status = code }
        var outcome = Outcome(status: status, output: output, stopReason: "\(reason)")
        outcome.executedOpcodes = board.addressSpace.executedOpcodes
        return outcome
    }

    /// Runs an ELF on qemu-system-xtensa's sim machine (status is the guest's exit code & 0xFF).
    /// - Parameter singleStep: translate one instruction per block. QEMU 7.2's multi-instruction blocks track
    ///   SAR across SSL and SRL and get `ssl` by a multiple of 32 followed by `srl` wrong (the value comes out
    ///   unshifted instead of 0); single-stepped QEMU follows the ISA, so differential tests use it.
    public static func runOnQEMU(_ elf: URL, cpu: String = "dc233c", singleStep: Bool = false) throws -> Outcome {
        let result = try ProcessRunner.run(
            "/usr/bin/qemu-system-xtensa",
            ["-M", "sim", "-cpu", cpu, "-nographic", "-monitor", "none", "-semihosting", "-kernel", elf.path]
                + (singleStep ? ["-singlestep"] : []),
            timeout: 120)
        return Outcome(
            status: result.timedOut ? nil : result.status, output: result.standardOutputBytes,
            stopReason: result.timedOut ? "timeout" : "exit")
    }
}
