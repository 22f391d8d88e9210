// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing

/// `esp32emu demo`, the README's main job: Espressif's WebSocket example against the embedded echo server.
@Suite struct DemoCommandTests {
    func demo(_ arguments: [String], timeout: TimeInterval = 120) throws -> ProcessResult {
        try ProcessRunner.run(Repository.releaseEmulator.path, ["demo"] + arguments, timeout: timeout)
    }

    @Test(arguments: [false, true]) func theDemoRunsTheExampleTestAndEndsWithItsSummary(wss: Bool) throws {
        let firmware = try FirmwareBuild.elf("websocket_example").path
        let result = try demo(["--firmware", firmware] + (wss ? ["--wss"] : []))
        #expect(result.status == 0, "\(result.combinedOutput)")
        let summary = try #require(result.standardOutput.components(separatedBy: "== esp32emu demo: ").last)
        for step in [
            "prompt", "connect", "echo", "long messages", "json", "fragmented text", "fragmented binary",
            "chunked 2000-byte echo", "close",
        ] {
            #expect(summary.contains("  ok    \(step): "), "\(step) in \(summary)")
        }
        #expect(summary.contains("firmware events: BEGIN 1, CONNECTED 1, DATA "))
        #expect(summary.contains("server: 1 connection(s); echoed 7 text + 1 binary messages"))
        #expect(summary.hasSuffix("demo passed: 9 steps\n"))
        #expect(summary.hasPrefix("websocket_example against \(wss ? "wss://esp32emu.test:" : "ws://10.0.2.2:")"))
        if wss { #expect(summary.contains("pasted the CA certificate; Time from SNTP: ")) }
        #expect(
            result.standardOutput.contains("I (") && result.standardOutput.contains("websocket: Sending hello 0004"),
            "the firmware's log streams before the summary")
    }

    @Test func withoutItsFirmwareTheDemoSaysHowToBuildIt() throws {
        let result = try demo(["--firmware", "/nonexistent/websocket_example.elf"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("make -C Firmware APPS=websocket_example"), "\(result.standardError)")
    }

    @Test func aBadOrBusyPortIsAnError() throws {
        let firmware = try FirmwareBuild.elf("websocket_example").path
        let bad = try demo(["--firmware", firmware, "--port", "70000"])
        #expect(bad.status == 2 && bad.standardError.contains("--port must be 0-65535"), "\(bad.standardError)")
        let listener = try TCPListener()
        let busy = try demo(["--firmware", firmware, "--port", "\(listener.port)"])
        #expect(busy.status == 2, "\(busy.combinedOutput)")
        #expect(busy.standardError.contains("cannot start the echo server on 127.0.0.1:\(listener.port)"))
    }
}
