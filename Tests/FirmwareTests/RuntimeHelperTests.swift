// SPDX-License-Identifier: MIT
import Foundation
import Testing
import TestSupport

/// The compiler-runtime helpers the firmware carries (64-bit division, float division), compiled for the
/// host under other names and compared with the host's own arithmetic over millions of inputs
/// (Tests/HostDifferential/runtime_helpers.c).
@Suite struct RuntimeHelperTests {
    @Test func helpersAgreeWithTheHostOnMillionsOfInputs() throws {
        let runtime = Repository.firmwareDirectory.appendingPathComponent("Runtime")
        let driver = Repository.root.appendingPathComponent("Tests/HostDifferential/runtime_helpers.c")
        let executable = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-helpers-\(getpid())")
        defer { try? FileManager.default.removeItem(at: executable) }
        let renames = ["__udivdi3", "__umoddi3", "__divdi3", "__moddi3", "__divsf3"].map { "-D\($0)=fw_\($0.dropFirst(2))" }
        let build = try ProcessRunner.run(
            Repository.llvmBin.appendingPathComponent("clang").path,
            ["-O2", "-ffp-contract=off"] + renames + [
                runtime.appendingPathComponent("int64_division.c").path,
                runtime.appendingPathComponent("float_division.c").path, driver.path, "-o", executable.path, "-lm",
            ])
        #expect(build.status == 0, "\(build.combinedOutput)")
        let run = try ProcessRunner.run(executable.path, ["5000000"])
        #expect(run.status == 0, "\(run.standardOutput)")
        let lines = run.standardOutput.split(separator: "\n").filter { !$0.contains(":") && !$0.contains("/") }
        #expect(lines.count == 5, "\(run.standardOutput)")
        for line in lines {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3 && Int(fields[1])! >= 5_000_000 && fields[2] == "0", "\(line)")
        }
    }
}
