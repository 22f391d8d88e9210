// SPDX-License-Identifier: MIT
import ArgumentParser
import DebugConsole
import Foundation
import Harness

/// `esp32emu debug IMAGE [run options]`: the built-in debugger, with no Xtensa gdb needed.
struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a firmware image under the built-in debugger.",
        discussion: """
            Boots the image as `run` does (every run option applies; UART0's output goes to stdout) and stops \
            the CPUs at their first instruction. Commands in the style of GDB's then come from stdin, or from \
            --commands FILE: break FUNCTION|FILE:LINE|*ADDRESS, continue, step, next, finish, stepi, regs, x, \
            disasm, bt, watch, events, info tasks, … (`help` lists them). While a command is read, the guest \
            stands still. --timeout and --wall-timeout bound the whole session.

            With --commands, each command is echoed after a `(esp32emu)` prompt, the first one that fails ends \
            the session with exit code 1, and the session ends after the last one (exit 0).
            """)

    @OptionGroup var options: Run

    @Option(
        help: ArgumentHelp(
            "Run the debugger commands in this file (one per line, # comments), then end.", valueName: "file"))
    var commands: String?

    func validate() throws {
        if options.machine == .sim { throw ValidationError("debug runs the esp32 machine only") }
        if options.gdb != nil { throw ValidationError("debug is the debugger: --gdb is for `run`") }
        if !options.expect.isEmpty || !options.expectRegex.isEmpty || !options.failText.isEmpty || options.junit != nil
        {
            throw ValidationError(
                "--expect, --expect-regex, --fail-text and --junit are for `run`; a debug session ends with its commands"
            )
        }
    }

    func run() throws {
        let session = try options.makeSession()
        guard let elf = session.machine.symbols else {
            throw fail("debug needs the firmware's symbols: an ELF image, or --symbols ELF for .bin and flash images")
        }
        let symbols: ProgramSymbols
        do { symbols = try ProgramSymbols(elf: elf) } catch { throw fail("\(error)") }
        let tracer = try options.makeTracer(for: session)
        defer { tracer?.finish() }
        let sinks = try options.connect(
            [options.uart0, options.uart1, options.uart2], to: session, stdinFeedsUART: false)
        session.onOutput = { uart, bytes in sinks[uart](bytes) }
        let console = DebugConsole(
            session: session, symbols: symbols,
            limits: Session.Limits(
                timeout: options.timeout, wallTimeout: options.wallTimeout, maxInstructions: options.maxInstructions),
            tracer: tracer, write: { Debug.say($0) })
        console.announceStart()
        if let commands {
            try runScript(commands, on: console)
        } else {
            runInteractively(console)
        }
    }

    private func runScript(_ path: String, on console: DebugConsole) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw fail("cannot read the debugger commands in \(path)")
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            Debug.say("(esp32emu) \(line)")
            do {
                guard try console.execute(line) else { return }
            } catch {
                Debug.say("error: \(error)")
                throw fail("\(path):\(index + 1): the command failed: \(line)", status: ExitStatus.failed)
            }
        }
    }

    private func runInteractively(_ console: DebugConsole) {
        let isTerminal = isatty(STDIN_FILENO) != 0
        while true {
            if isTerminal {
                FileHandle.standardOutput.write(Data("(esp32emu) ".utf8))
            }
            guard let line = readLine() else { return }
            if !isTerminal { Debug.say("(esp32emu) \(line)") }
            do {
                guard try console.execute(line) else { return }
            } catch {
                Debug.say("error: \(error)")
            }
        }
    }

    private static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
