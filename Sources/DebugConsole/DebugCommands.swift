// SPDX-License-Identifier: MIT
import Foundation

/// What a command line gives its command: the `/FMT` suffix (`x/16xw`), the words after the name, and the
/// rest of the line as typed.
struct CommandInput {
    let format: String
    let words: [String]
    let text: String
}

/// One debugger command: its names (the first is the full one), usage, a line of help, and what it does.
struct DebugCommand: Sendable {
    let names: [String]
    let usage: String
    let summary: String
    let action: @Sendable (DebugConsole, CommandInput) throws -> Void
}

extension DebugConsole {
    static func command(named name: String) -> DebugCommand? {
        commands.first { $0.names.contains(name) }
    }

    static let commands: [DebugCommand] = [
        DebugCommand(
            names: ["break", "b"], usage: "break FUNCTION | FILE:LINE | *ADDRESS",
            summary: "stop when a CPU reaches the place (a function stops after its prologue)"
        ) { try $0.setBreakpoint($1.text, temporary: false) },
        DebugCommand(
            names: ["tbreak"], usage: "tbreak LOCATION", summary: "a breakpoint that is deleted when it is hit"
        ) { try $0.setBreakpoint($1.text, temporary: true) },
        DebugCommand(
            names: ["watch"], usage: "watch EXPRESSION [LENGTH]",
            summary: "stop after a write to the address (a symbol: its whole object)"
        ) { try $0.setWatchpoint($1.words, kind: .write) },
        DebugCommand(names: ["rwatch"], usage: "rwatch EXPRESSION [LENGTH]", summary: "stop after a read") {
            try $0.setWatchpoint($1.words, kind: .read)
        },
        DebugCommand(names: ["awatch"], usage: "awatch EXPRESSION [LENGTH]", summary: "stop after a read or write") {
            try $0.setWatchpoint($1.words, kind: .access)
        },
        DebugCommand(
            names: ["delete", "d"], usage: "delete [NUMBER...]", summary: "delete breakpoints and watchpoints (all)"
        ) { try $0.deletePoints($1.words) },
        DebugCommand(
            names: ["continue", "c"], usage: "continue",
            summary: "run until a breakpoint or watchpoint, or the run's end"
        ) { console, _ in try console.resume(nil) },
        DebugCommand(
            names: ["step", "s"], usage: "step [COUNT]", summary: "run to the next source line, into calls"
        ) { try $0.resume(.lines(count: try count($1), overCalls: false)) },
        DebugCommand(
            names: ["next", "n"], usage: "next [COUNT]", summary: "run to the next source line, over calls"
        ) { try $0.resume(.lines(count: try count($1), overCalls: true)) },
        DebugCommand(
            names: ["stepi", "si"], usage: "stepi [COUNT]", summary: "execute one instruction (or COUNT)"
        ) { try $0.resume(.instructions(count: try count($1), overCalls: false)) },
        DebugCommand(
            names: ["nexti", "ni"], usage: "nexti [COUNT]", summary: "execute one instruction, over calls"
        ) { try $0.resume(.instructions(count: try count($1), overCalls: true)) },
        DebugCommand(
            names: ["finish", "fin"], usage: "finish", summary: "run until the current function returns"
        ) { console, _ in try console.resume(.finish) },
        DebugCommand(
            names: ["regs", "registers"], usage: "regs",
            summary: "the windowed registers, the physical ARs and the special registers"
        ) { console, _ in console.showRegisters() },
        DebugCommand(
            names: ["x"], usage: "x[/COUNT FORMAT SIZE] EXPRESSION",
            summary: "memory: FORMAT x d u c s i, SIZE b h w (x/8xw $sp, x/s ptr, x/4i $pc)"
        ) { try $0.examine(format: $1.format, $1.text) },
        DebugCommand(
            names: ["disasm", "disassemble"], usage: "disasm [LOCATION [COUNT]]",
            summary: "disassembly around the PC, or COUNT instructions from LOCATION"
        ) { try $0.disassemble($1.words) },
        DebugCommand(
            names: ["bt", "backtrace", "where"], usage: "bt [TASK] [COUNT]",
            summary: "the call chain through the windowed frames, with functions and source lines (of a task)"
        ) { try $0.backtrace($1.words) },
        DebugCommand(
            names: ["print", "p"], usage: "print EXPRESSION",
            summary: "a value: $REGISTER, NUMBER, SYMBOL (its address and contents), *ADDRESS"
        ) { try $0.printValue($1.text) },
        DebugCommand(
            names: ["set"], usage: "set $REGISTER|*ADDRESS|VARIABLE = EXPRESSION",
            summary: "change a register, a word of memory, or a variable (its 1, 2 or 4 bytes)"
        ) { try $0.assign($1.text) },
        DebugCommand(
            names: ["list", "l"], usage: "list [LOCATION]", summary: "source lines around the PC or a location"
        ) { try $0.listSource($1.text) },
        DebugCommand(
            names: ["info", "i"], usage: "info breakpoints | tasks | registers | symbol EXPR | line LOCATION | cpus",
            summary: "what the debugger knows"
        ) { try $0.info($1.words) },
        DebugCommand(
            names: ["events"], usage: "events", summary: "the WebSocket client events the firmware has logged so far"
        ) { console, _ in console.showEvents() },
        DebugCommand(
            names: ["cpu"], usage: "cpu 0|1", summary: "look at the PRO (0) or APP (1) CPU"
        ) { try $0.selectCPU($1.words) },
        DebugCommand(
            names: ["uart"], usage: "uart TEXT", summary: "type TEXT and a newline into UART0"
        ) { console, input in console.session.send(input.text + "\n") },
        DebugCommand(names: ["history"], usage: "history", summary: "the commands so far (!N repeats one)") {
            console, _ in
            for (index, line) in console.history.dropLast().enumerated() { console.write("\(index + 1)  \(line)") }
        },
        DebugCommand(names: ["help", "h"], usage: "help [COMMAND]", summary: "this list, or one command's usage") {
            try $0.help($1.words)
        },
        DebugCommand(names: ["quit", "q"], usage: "quit", summary: "end the session") { _, _ in },
    ]

    /// A command's COUNT argument (1 when absent).
    private static func count(_ input: CommandInput) throws(DebugError) -> Int {
        guard let word = input.words.first else { return 1 }
        guard let value = Int(word), value >= 1 else { throw DebugError("'\(word)' is not a count (1 or more)") }
        return value
    }

    func help(_ words: [String]) throws(DebugError) {
        if let name = words.first {
            guard let command = DebugConsole.command(named: name) else { throw DebugError("no command '\(name)'") }
            write("\(command.usage)\n  \(command.summary)")
            if command.names.count > 1 { write("  also: " + command.names.dropFirst().joined(separator: ", ")) }
            return
        }
        for command in DebugConsole.commands {
            if command.usage.count < 40 {
                write(command.usage.padding(toLength: 40, withPad: " ", startingAt: 0) + command.summary)
            } else {
                write(command.usage + "\n" + String(repeating: " ", count: 40) + command.summary)
            }
        }
        write(
            "An empty line repeats the last command; !N repeats history entry N. Expressions: 0x3ffb0000, 42, "
                + "$a2, $pc, $sp, $ar17, $ps, SYMBOL, *ADDRESS, and + - between them.")
    }
}
