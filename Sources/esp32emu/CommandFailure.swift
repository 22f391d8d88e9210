// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

/// The documented exit codes of `esp32emu` (README, "Exit codes").
enum ExitStatus {
    /// Usage error or unreadable/malformed image.
    static let usageOrImageError: Int32 = 2
    /// The guest crashed: an exception it has no usable handler for.
    static let guestCrash: Int32 = 3
    /// `--max-instructions` was reached.
    static let instructionLimit: Int32 = 43
}

/// Reports `message` on standard error as `esp32emu: error: …` and ends the command with `status`.
func fail(_ message: String, status: Int32 = ExitStatus.usageOrImageError) -> ExitCode {
    FileHandle.standardError.write(Data("esp32emu: error: \(message)\n".utf8))
    return ExitCode(status)
}
