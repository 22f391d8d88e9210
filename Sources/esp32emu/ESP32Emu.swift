// SPDX-License-Identifier: MIT
import ArgumentParser

@main
struct ESP32Emu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp32emu",
        abstract: "An instruction-level ESP32 (Xtensa LX6) emulator for running firmware without a board.",
        subcommands: [Run.self, Inspect.self]
    )
}
