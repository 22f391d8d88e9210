// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import Harness
import ImageFormats
import XtensaCore

/// The built-in debugger (`esp32emu debug`): commands in the style of GDB's, carried out on a `Session` —
/// breakpoints at functions, `file:line` and addresses; stepping by instruction or source line; watchpoints;
/// registers, memory, disassembly, backtraces; the kernel's tasks and the WebSocket client's events. Between
/// commands the guest stands still (no instruction runs, virtual time stops).
///
///     let console = DebugConsole(session: session, symbols: symbols) { print($0) }
///     try console.execute("break websocket_example.c:90")
///     try console.execute("continue")
public final class DebugConsole {
    public let session: Session
    public let symbols: ProgramSymbols
    let write: (String) -> Void
    let limits: Session.Limits
    let tracer: InstructionTracer?
    let sources = SourceFiles()

    /// The CPU that commands look at (the one that stopped last).
    public internal(set) var selectedCPU = 0
    var breakpoints: [Breakpoint] = []
    var watchpoints: [Watchpoint] = []
    var nextPointNumber = 1
    /// Every command line executed, in order.
    public internal(set) var history: [String] = []
    /// Why the run ended, once it has (then only inspecting commands work).
    public internal(set) var ended: Session.Outcome?

    struct Breakpoint {
        let number: Int
        let location: String
        let addresses: [UInt32]
        let isTemporary: Bool
        var hits = 0
    }

    struct Watchpoint {
        let number: Int
        let expression: String
        let address: UInt32
        let length: UInt32
        let kind: Kind
        var value: [UInt8]
        var hits = 0

        enum Kind: String { case write = "watch", read = "rwatch", access = "awatch" }
    }

    /// - Parameters:
    ///   - limits: the run's limits (virtual and wall-clock timeouts, instructions), as for `run`.
    ///   - tracer: an instruction tracer already attached to the CPUs; steps keep it running.
    ///   - write: where the console's output goes, a line or a few at a time.
    public init(
        session: Session, symbols: ProgramSymbols, limits: Session.Limits = Session.Limits(),
        tracer: InstructionTracer? = nil, write: @escaping (String) -> Void
    ) {
        self.session = session
        self.symbols = symbols
        self.limits = limits
        self.tracer = tracer
        self.write = write
    }

    var core: Core { session.machine.cpus[selectedCPU].core }

    /// Carries out one command line. Returns false for `quit`; throws a readable error for a command that
    /// cannot be carried out (the session goes on).
    @discardableResult
    public func execute(_ line: String) throws -> Bool {
        var text = line.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            guard let last = history.last else { return true }
            text = last
        } else if text.hasPrefix("!") {
            text = try recalled(text)
            write(text)
        }
        history.append(text)
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let (name, arguments) = DebugConsole.splitFormat(words[0])
        guard let command = DebugConsole.command(named: name) else {
            throw DebugError("unknown command '\(name)' (help lists the commands)")
        }
        if command.names[0] == "quit" { return false }
        let rest = text.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces)
        try command.action(self, CommandInput(format: arguments, words: Array(words.dropFirst()), text: rest))
        return true
    }

    /// `!!` (the last command) or `!N` (history entry N).
    private func recalled(_ text: String) throws(DebugError) -> String {
        if text == "!!", let last = history.last { return last }
        guard let number = Int(text.dropFirst()), number >= 1, number <= history.count else {
            throw DebugError("no command \(text) in the history (history lists them)")
        }
        return history[number - 1]
    }

    /// `x/16xw` → ("x", "16xw").
    private static func splitFormat(_ word: String) -> (String, String) {
        guard let slash = word.firstIndex(of: "/") else { return (word, "") }
        return (String(word[..<slash]), String(word[word.index(after: slash)...]))
    }

    /// The message printed when the machine starts under the debugger.
    public func announceStart() {
        for problem in symbols.problems { write("note: \(problem)") }
        write("The CPUs stand at their first instruction. Set breakpoints, then continue (help lists the commands).")
        describeStop()
    }
}
