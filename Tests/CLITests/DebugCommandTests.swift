// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing
import WebSocketServer

/// `esp32emu debug`: scripted sessions (--commands FILE and commands on stdin) on debug_target, the exit codes a
/// CI script sees, and `run --trace`.
@Suite struct DebugCommandTests {
    func emulator(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            Repository.releaseEmulator.path, arguments, input: input.map { Data($0.utf8) }, timeout: 60)
    }

    func script(_ commands: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-debug-\(UUID().uuidString)")
        try commands.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aScriptedSessionStepsThroughTheWindowedCalls() throws {
        let commands = try script(
            """
            # breakpoints at a function and at a line; step into a call and back out
            break middle
            info breakpoints
            continue
            bt
            step
            bt
            finish
            next
            watch watched_value
            continue
            print watched_value
            delete
            stepi 2
            disasm
            x/2xw $sp
            continue
            """)
        defer { try? FileManager.default.removeItem(at: commands) }
        let result = try emulator(["debug", try FirmwareBuild.elf("debug_target").path, "--commands", commands.path])
        #expect(result.status == 0, "\(result.combinedOutput)")
        let output = result.standardOutput
        for expected in [
            "(esp32emu) break middle", "Breakpoint 1 at 0x", " in middle at debug_target.c:14",
            "debug_target: start",
            "Breakpoint 1, CPU 0",
            "#0  0x", "#1  0x", " in app_main at debug_target.c:",
            " in leaf at debug_target.c:12",  // step goes into leaf
            "Watchpoint 2: watched_value", "Old value = 0x0 (0)", "New value = 0x3 (3)",
            "watched_value at 0x", "=> 0x",
            "debug_target: done 9", "The run has ended: completed",
        ] {
            #expect(output.contains(expected), "\(expected) in:\n\(output)")
        }
        // The backtrace inside leaf runs leaf ← middle ← app_main.
        let afterStep = output.components(separatedBy: "(esp32emu) step\n")[1]
        let backtrace = afterStep.components(separatedBy: "(esp32emu) bt\n")[1].components(separatedBy: "(esp32emu)")[0]
        let frames = backtrace.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(
            frames.count >= 3 && frames[0].contains(" in leaf") && frames[1].contains(" in middle")
                && frames[2].contains(" in app_main"), "\(frames)")
    }

    /// The example session shipped beside websocket_example, against the echo server: the acceptance script of
    /// the built-in debugger (the in-process DebugConsoleFirmwareTests check each answer in detail).
    @Test func theWebSocketExampleSession() throws {
        let server = try EchoWebSocketServer()
        defer { server.shutdown() }
        let result = try emulator([
            "debug", try FirmwareBuild.elf("websocket_example").path, "--commands",
            Repository.root.appendingPathComponent("Firmware/Apps/websocket_example/debug_session.cmds").path,
            "--send-on", "Please enter WebSocket endpoint URI", "ws://10.0.2.2:\(server.port)\\n", "--wall-timeout",
            "60",
        ])
        #expect(result.status == 0, "\(result.combinedOutput)")
        let output = result.standardOutput
        for expected in [
            "Watchpoint 1: no_data_timer", "New value = 0x3ff", "no_data_timer = xTimerCreate(",
            "Breakpoint 2, CPU 0", "in on_websocket_event at websocket_example.c:90",
            "in fw_ws_dispatch at esp_websocket_client.c:", "in fw_task_entry", "websocket_task    running",
            "Breakpoint 3, CPU 0", "in log_data (inlined into on_websocket_event) at websocket_example.c:69",
            "in log_data (inlined) at websocket_example.c:69\n#1  0x",
            "in on_websocket_event at websocket_example.c:95",
            "(esp32emu) events\n1  BEGIN\n2  CONNECTED\n(esp32emu) next\n", "1  BEGIN\n2  CONNECTED\n3  DATA\n",
        ] {
            #expect(output.contains(expected), "\(expected) in:\n\(output)")
        }
    }

    /// A breakpoint on the last instruction of a zero-overhead loop's body stops once per iteration and lets the
    /// loop go on (the resumed instruction runs in the breakpoint's place, loop-back included); `set` changes a
    /// register the program then uses.
    @Test func aBreakpointInsideAZeroOverheadLoop() throws {
        let iterations = (1...10).map { _ in "continue\nprint $a2\n" }.joined()
        let commands = try script(
            "break leaf\ncontinue\nset $a2 = 100\nfinish\nprint $a10\ndelete\n"
                + "break *sum_with_loop+12\n\(iterations)delete\ncontinue\n")
        defer { try? FileManager.default.removeItem(at: commands) }
        let result = try emulator(["debug", try FirmwareBuild.elf("debug_target").path, "--commands", commands.path])
        #expect(result.status == 0, "\(result.combinedOutput)")
        let values = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("$a2 = ") }.dropFirst()
        #expect(Array(values) == (1...10).reversed().map { "$a2 = 0x\(String(format: "%08x", $0)) (\($0))"[...] })
        #expect(result.standardOutput.contains("debug_target: sum 55"))
        // leaf(0), its x set to 100, returns 301 into middle's a10.
        #expect(result.standardOutput.contains("$a2 = 0x00000064 (100)"))
        #expect(result.standardOutput.contains("$a10 = 0x0000012d (301)"))
        #expect(result.standardOutput.contains("Run till exit from 0x"))
        #expect(result.standardOutput.contains("Value returned ($a10) = 0x0000012d (301)"))
    }

    @Test func commandsOnStdinAndReadableErrors() throws {
        let input = """
            break nosuch_function
            frobnicate
            x/4xw 0
            break debug_target.c:99999
            print $a99
            continue
            continue
            quit
            """
        let result = try emulator(["debug", try FirmwareBuild.elf("debug_target").path], input: input)
        #expect(result.status == 0, "errors in an interactive session do not end it: \(result.combinedOutput)")
        for expected in [
            "error: no symbol nosuch_function in the firmware",
            "error: unknown command 'frobnicate' (help lists the commands)",
            "error: cannot read memory at 0x00000000",
            "error: no code for line 99999 of debug_target.c",
            "error: no register called $a99",
            "The run has ended: completed",
            "error: the run has ended (completed); nothing more can run",
        ] {
            #expect(result.standardOutput.contains(expected), "\(expected) in:\n\(result.standardOutput)")
        }
    }

    @Test func aFailingScriptedCommandEndsTheSessionWithExit1() throws {
        let commands = try script("break middle\nbreak nosuch.c:3\ncontinue\n")
        defer { try? FileManager.default.removeItem(at: commands) }
        let result = try emulator(["debug", try FirmwareBuild.elf("debug_target").path, "--commands", commands.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("error: no source file nosuch.c in the firmware's line table"))
        #expect(result.standardError.contains("\(commands.path):2: the command failed: break nosuch.c:3"))
        #expect(!result.standardOutput.contains("Breakpoint 1, CPU"), "the session ended before continuing")
    }

    @Test func usageErrors() throws {
        let elf = try FirmwareBuild.elf("debug_target").path
        let sim = try emulator(["debug", "--machine", "sim", elf])
        #expect(sim.status == 2 && sim.standardError.contains("debug runs the esp32 machine only"))
        let gdb = try emulator(["debug", "--gdb", "3333", elf])
        #expect(gdb.status == 2 && gdb.standardError.contains("--gdb is for `run`"))
        let expect = try emulator(["debug", "--expect", "done", elf])
        #expect(expect.status == 2 && expect.standardError.contains("are for `run`"))
        let missing = try emulator(["debug", elf, "--commands", "/nonexistent/commands"])
        #expect(missing.status == 2 && missing.standardError.contains("cannot read the debugger commands"))
        let bin = try FirmwareBuild.app("debug_target").appendingPathComponent("debug_target.bin").path
        let noSymbols = try emulator(["debug", bin], input: "quit\n")
        #expect(noSymbols.status == 2 && noSymbols.standardError.contains("needs the firmware's symbols"))
        let badTrace = try emulator(["run", elf, "--trace", "/tmp/x", "--trace-only", "nosuch"])
        #expect(badTrace.status == 2 && badTrace.standardError.contains("--trace-only nosuch: neither a symbol"))
        let orphan = try emulator(["run", elf, "--trace-start", "app_main"])
        #expect(orphan.status == 2 && orphan.standardError.contains("--trace-only and --trace-start need --trace FILE"))
    }

    @Test func runTraceWritesABoundedTrace() throws {
        let elf = try FirmwareBuild.elf("debug_target").path
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-\(UUID().uuidString).trace")
        defer { try? FileManager.default.removeItem(at: trace) }
        let plain = try emulator(["run", elf])
        let traced = try emulator([
            "run", elf, "--trace", trace.path, "--trace-start", "app_main", "--trace-limit", "50",
        ])
        #expect(traced.status == 0 && traced.standardOutput == plain.standardOutput)
        let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 51 && lines[0].hasPrefix("# CPU PC"))
        #expect(lines[1].hasPrefix("PRO ") && lines[1].contains("entry a1, ") && lines[1].contains("app_main"))
    }
}
