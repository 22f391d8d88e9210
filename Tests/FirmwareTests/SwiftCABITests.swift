// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing

/// Swift is compiled for a riscv32 stand-in and C for Xtensa; the abi_check firmware calls across the boundary
/// both ways with every scalar width and reports each mismatch. It runs on QEMU and on our sim board.
@Suite struct SwiftCABITests {
    @Test func everyScalarWidthCrossesTheBoundaryOnQEMU() throws {
        let result = try ProcessRunner.run(
            "/usr/bin/qemu-system-xtensa",
            [
                "-M", "sim", "-cpu", "de233_fpu", "-nographic", "-monitor", "none", "-semihosting",
                "-kernel", try FirmwareBuild.elf("abi_check").path,
            ],
            timeout: 60)
        #expect(result.standardOutput.contains("ABI OK"), "\(result.combinedOutput)")
        #expect(result.status == 0)
    }
}

extension SwiftCABITests {
    @Test func everyScalarWidthCrossesTheBoundaryOnOurEmulator() throws {
        let outcome = try GuestProgram.runOnSimBoard(try FirmwareBuild.elf("abi_check"))
        #expect(outcome.text.contains("ABI OK"), "\(outcome)")
        #expect(outcome.status == 0)
    }
}
