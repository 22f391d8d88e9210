// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

/// The documented exit codes of `esp32emu` (README, "Exit codes").
enum ExitStatus {
    /// A fail text appeared, or the guest stopped for good with expectations pending.
    static let failed: Int32 = 1
    /// Usage error or unreadable/malformed image.
    static let usageOrImageError: Int32 = 2
    /// The guest crashed: an exception it has no usable handler for.
    static let guestCrash: Int32 = 3
    /// A timeout ran out with expectations pending (wokwi-cli's code).
    static let timeout: Int32 = 42
    /// `--max-instructions` was reached.
    static let instructionLimit: Int32 = 43
}

/// Reports `message` on standard error as `esp32emu: error: …` and ends the command with `status`.
func fail(_ message: String, status: Int32 = ExitStatus.usageOrImageError) -> ExitCode {
    note("error: \(message)")
    return ExitCode(status)
}

/// Writes `esp32emu: <message>` to standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data("esp32emu: \(message)\n".utf8))
}
