// SPDX-License-Identifier: MIT
import DebugConsole
import Foundation
import Harness
import ImageFormats
import TestSupport
import Testing
import VirtualNetwork
import WebSocketServer
import XtensaISA

/// The built-in debugger on real firmware: a scripted session on `websocket_example` against the in-process echo
/// server (the acceptance of issue 16), and the instruction tracer.
@Suite(.serialized) struct DebugConsoleFirmwareTests {
    /// A console on `app`, its output collected; with `server`, the example's URI prompt is answered.
    final class Transcript {
        let session: Session
        let console: DebugConsole
        var lines: [String] = []
        var mark = 0

        init(app: String, server: EchoWebSocketServer? = nil) throws {
            let elfPath = try FirmwareBuild.elf(app).path
            session = try Session(imagePath: elfPath, network: server.map { _ in NetworkOptions() })
            if let server {
                try session.addScriptedInput(
                    ScriptedInput(
                        trigger: "Please enter WebSocket endpoint URI", text: "ws://10.0.2.2:\(server.port)\n"))
            }
            let symbols = try ProgramSymbols(elf: try ELFFile(bytes: try Session.read(elfPath)))
            var collected: [String] = []
            console = DebugConsole(session: session, symbols: symbols, limits: Session.Limits(wallTimeout: 120)) {
                collected.append(
                    contentsOf: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            }
            self.collect = {
                let taken = collected; collected.removeAll(); return taken
            }
        }

        private let collect: () -> [String]

        /// Runs a command and returns what it printed.
        @discardableResult
        func run(_ command: String) throws -> [String] {
            try console.execute(command)
            let output = collect()
            lines += output
            return output
        }
    }

    @Test func aScriptedSessionOnTheWebSocketExample() throws {
        let server = try EchoWebSocketServer()
        defer { server.shutdown() }
        let debug = try Transcript(app: "websocket_example", server: server)

        // A watchpoint on a variable fires on the write, in the function that writes it.
        let watch = try debug.run("watch no_data_timer")
        #expect(watch == ["Watchpoint 1: no_data_timer (\(try address("no_data_timer", debug)), 4 bytes)"])
        try debug.run("break websocket_example.c:90")
        var stop = try debug.run("continue")
        #expect(stop.contains { $0.hasPrefix("Watchpoint 1: no_data_timer") }, "\(stop)")
        #expect(stop.contains("Old value = 0x0 (0)"), "\(stop)")
        #expect(stop.contains { $0.contains("no_data_timer = xTimerCreate(") }, "the line that stores it: \(stop)")
        let timer = debug.session.machine.core.addressSpace.peek(try addressValue("no_data_timer", debug), count: 4)!
        #expect(timer != [0, 0, 0, 0], "the timer handle was stored")
        try debug.run("delete 1")

        // The CONNECTED handler: the backtrace runs from the client task's entry through the Swift client and
        // the event loop to the handler, with names and lines.
        stop = try debug.run("continue")
        #expect(stop.contains { $0.hasPrefix("Breakpoint 2, CPU 0") }, "\(stop)")
        #expect(stop.contains { $0.hasSuffix(" in on_websocket_event at websocket_example.c:90") }, "\(stop)")
        #expect(debug.session.loggedWebSocketEvents == ["BEGIN"], "stopped before the handler logged CONNECTED")
        let backtrace = try debug.run("bt")
        #expect(
            backtrace.first?.contains("#0  ") == true
                && backtrace[0].contains("on_websocket_event at websocket_example.c:90"))
        for expected in [
            "in esp_event_loop_run", "in fw_ws_dispatch at esp_websocket_client.c:",
            "in WebSocketClient.connect at WebSocketClient.swift:",
            "in FirmwareWebSocketClient.runTask at FirmwareWebSocketClient.swift:", "in closure #1 in clientTaskMain",
        ] {
            #expect(backtrace.contains { $0.contains(expected) }, "\(expected) in \(backtrace)")
        }
        #expect(backtrace.last?.contains("in fw_task_entry") == true, "\(backtrace)")

        // `next` advances a source line (the log call runs; the CPU stops at the function's closing line).
        let next = try debug.run("next")
        #expect(
            next.contains { $0.contains("I (") && $0.contains("WEBSOCKET_EVENT_CONNECTED") }
                || debug.session.log.contains("WEBSOCKET_EVENT_CONNECTED"))
        let nextStop = try #require(next.last(where: { $0.contains(" in on_websocket_event at websocket_example.c:") }))
        #expect(!nextStop.hasSuffix(":90"), "\(nextStop)")

        // `regs` shows what the CPU holds.
        let core = debug.session.machine.core
        let registers = try debug.run("regs")
        let values = Self.registerValues(registers)
        #expect(values["pc"] == core.pc)
        for index in 0..<16 { #expect(values["a\(index)"] == core.register(index), "a\(index)") }
        for index in 0..<64 { #expect(values["ar\(index)"] == core.physicalRegisters[index], "ar\(index)") }
        #expect(values["ps"] == core.processorStatus)
        #expect(values["sar"] == core.specialRegister(3))

        // The kernel's tasks, the client's among them, running.
        let tasks = try debug.run("info tasks")
        let clientTask = try #require(tasks.first { $0.contains("websocket_task") }, "\(tasks)")
        #expect(
            clientTask.hasPrefix("* ") && clientTask.contains("running") && clientTask.contains("on_websocket_event"))
        #expect(tasks.contains { $0.contains(" main ") || $0.contains("main  ") })
        #expect(tasks.contains { $0.contains("IDLE") && $0.contains("ready") })

        // Continue to the next DATA event: its case calls log_data, inlined; the breakpoint is on that call and
        // the backtrace shows the inlined function as a frame at its caller's line.
        try debug.run("delete")
        try debug.run("break websocket_example.c:95")
        stop = try debug.run("continue")
        #expect(
            stop.contains { $0.hasSuffix(" in log_data (inlined into on_websocket_event) at websocket_example.c:69") },
            "\(stop)")
        #expect(try debug.run("events") == ["1  BEGIN", "2  CONNECTED"], "stopped before log_data's first line")
        let inlined = try debug.run("bt 2")
        #expect(
            inlined.count == 2 && inlined[0].hasSuffix(" in log_data (inlined) at websocket_example.c:69"), "\(inlined)"
        )
        #expect(
            inlined.last?.contains(" in on_websocket_event at websocket_example.c:95  (sp 0x") == true, "\(inlined)")
        #expect(debug.console.ended == nil)
    }

    /// Values from `regs` output: `name 0x…` pairs.
    static func registerValues(_ lines: [String]) -> [String: UInt32] {
        var values: [String: UInt32] = [:]
        for line in lines {
            let words = line.split(separator: " ").map { $0.hasSuffix("*") ? $0.dropLast() : $0 }
            for (name, value) in zip(words, words.dropFirst()) where value.hasPrefix("0x") {
                if let number = UInt32(value.dropFirst(2), radix: 16) { values[String(name)] = number }
            }
        }
        return values
    }

    private func addressValue(_ name: String, _ debug: Transcript) throws -> UInt32 {
        try #require(debug.console.symbols.symbol(named: name)).value
    }

    private func address(_ name: String, _ debug: Transcript) throws -> String {
        let value = try addressValue(name, debug)
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A 1,000-instruction trace: the expected lines (each PC's bytes and disassembly as the decoder reads them,
    /// the instructions in sequence), and the run's UART output identical to an untraced run's.
    @Test func tracingAThousandInstructionsLeavesTheRunUnchanged() throws {
        let elf = try FirmwareBuild.elf("debug_target")
        let untraced = try Session(imagePath: elf.path)
        #expect(try untraced.run(forSeconds: 1) == .completed)

        let traced = try Session(imagePath: elf.path)
        let symbols = try ProgramSymbols(elf: try ELFFile(bytes: try Session.read(elf.path)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = try #require(symbols.symbol(named: "middle")).value
        let tracer = try InstructionTracer(path: path, symbols: symbols, start: start, limit: 1000)
        tracer.attach(to: traced.machine.core, cpuName: "PRO")
        #expect(try traced.run(forSeconds: 1) == .completed)
        tracer.finish()
        #expect(traced.log == untraced.log && traced.log.contains("debug_target: done"))
        #expect(traced.machine.now == untraced.machine.now, "the same number of cycles")

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == 1000)
        let first = try #require(lines.first)
        #expect(
            first.hasPrefix("PRO \(String(start, radix: 16))  ") && first.contains("entry a1, 32")
                && first.contains("middle"))
        var sawRegisterChange = false
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 2)
            let pc = try #require(UInt32(fields[1], radix: 16))
            let bytes = traced.machine.core.addressSpace.peek(pc, count: 3)!
            let word = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
            let expected = try #require(Disassembler().line(for: word, pc: pc))
            let hex = bytes.prefix(expected.length).map { String(format: "%02x", $0) }.joined(separator: " ")
            #expect(
                line.contains("  \(hex)  ") && line.contains(expected.text.replacingOccurrences(of: "\t", with: " ")),
                "\(line)")
            sawRegisterChange = sawRegisterChange || line.contains("a2=")
        }
        #expect(sawRegisterChange)
    }

    /// --trace-only keeps the trace to one function.
    @Test func aFilteredTraceHoldsOnlyTheFunction() throws {
        let elf = try FirmwareBuild.elf("debug_target")
        let session = try Session(imagePath: elf.path)
        let symbols = try ProgramSymbols(elf: try ELFFile(bytes: try Session.read(elf.path)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let leaf = try TraceFilter.range("leaf", symbols: symbols)
        let tracer = try InstructionTracer(path: path, symbols: symbols, only: [leaf])
        tracer.attach(to: session.machine.core, cpuName: "PRO")
        #expect(try session.run(forSeconds: 1) == .completed)
        tracer.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        for line in lines {
            let pc = try #require(UInt32(line.split(separator: " ")[1], radix: 16))
            #expect(leaf.contains(pc), "\(line)")
        }
        #expect(lines.filter { $0.contains("entry ") }.count == 3, "three calls of leaf")
    }
}
