// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

@main
struct ESP32Emu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp32emu",
        abstract: "An instruction-level ESP32 (Xtensa LX6) emulator for running firmware without a board.",
        subcommands: [Run.self, Debug.self, Demo.self, Inspect.self]
    )

    /// Parses and runs like ArgumentParser's default, except that usage errors exit with 2 (the documented
    /// code for usage and image errors) instead of 64.
    static func main() {
        do {
            var command = try parseAsRoot(SendOnArguments.rewrite(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(ExitStatus.usageOrImageError))
            }
            exit(withError: error)
        }
    }
}
