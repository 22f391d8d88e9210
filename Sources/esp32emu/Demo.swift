// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation
import Harness
import VirtualNetwork
import WebSocketServer

/// `esp32emu demo`: Espressif's WebSocket example, end to end, with nothing but this machine: an echo server
/// in-process on the host's loopback, `websocket_example` booted with networking, the URI typed at its prompt,
/// its log streamed, the upstream test's steps checked, and a summary.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Boot the WebSocket example against an in-process echo server and summarise its events.",
        discussion: """
            Starts a WebSocket echo server on 127.0.0.1 (SwiftNIO; it echoes each message with its type and \
            answers a CLOSE with 1000, like the server of Espressif's example test), boots websocket_example \
            with the virtual network (the guest reaches the server as 10.0.2.2), types the server's URI when \
            the firmware asks for it, and runs the example test's steps: 5 echoed hellos, three 2000-character \
            pushes, a JSON array, fragmented text and binary, a chunked 2000-byte echo, and the close.

            Exit codes: 0 every step passed; 1 a step failed (the summary says which); 2 usage error or the \
            firmware is missing.
            """)

    @Option(
        help: ArgumentHelp(
            "The example firmware (default: Firmware/build/websocket_example/websocket_example.elf of this "
                + "checkout).", valueName: "elf"))
    var firmware: String?

    @Option(help: "The echo server's port on 127.0.0.1 (default: a free one).")
    var port: Int = 0

    @Flag(help: "Print only the summary, not the firmware's log.")
    var quiet = false

    @Flag(
        help: ArgumentHelp(
            "Over wss://: the server gets a throwaway self-signed certificate for esp32emu.test (made with openssl), "
                + "which the firmware is given as its CA; its clock comes from the virtual network's SNTP server."))
    var wss = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535, not \(port)") }
    }

    func run() throws {
        let started = ContinuousClock.now
        let image = try firmwarePath()
        let certificate = try wss ? DemoCertificate() : nil
        defer { certificate?.remove() }
        let server: EchoWebSocketServer
        do { server = try EchoWebSocketServer(port: port, tls: certificate?.files) } catch {
            throw fail("cannot start the echo server on 127.0.0.1:\(port): \(error)")
        }
        defer { server.shutdown() }
        var network = NetworkOptions()
        network.dnsEntries = [(DemoCertificate.host, .host)]
        let uri = wss ? "wss://\(DemoCertificate.host):\(server.port)" : "ws://10.0.2.2:\(server.port)"
        let session: Session
        do { session = try Session(imagePath: image, network: network) } catch { throw fail("\(error)") }
        if !quiet {
            session.onOutput = { uart, bytes in if uart == 0 { FileHandle.standardOutput.write(Data(bytes)) } }
        }
        note("echo server on 127.0.0.1:\(server.port); booting \(image)")

        let scenario = ExampleScenario(
            session: session, server: server, uri: uri, caCertificatePEM: certificate?.pem, started: started)
        var failure: Error?
        do { try scenario.run() } catch { failure = error }
        printSummary(scenario, session: session, server: server, failure: failure, started: started)
        if failure != nil { throw ExitCode(ExitStatus.failed) }
    }

    private func firmwarePath() throws -> String {
        let relative = "Firmware/build/websocket_example/websocket_example.elf"
        let candidates =
            firmware.map { [$0] }
            ?? [
                relative,
                // Beside the executable's checkout: .build/<configuration>/esp32emu → ../../Firmware/build/…
                URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                    .deletingLastPathComponent().appendingPathComponent("../../../" + relative).standardized.path,
            ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw fail(
                "no firmware at \(candidates.joined(separator: " or ")): build it with "
                    + "`make -C Firmware APPS=websocket_example` (or run Tools/demo), or pass --firmware")
        }
        return found
    }

    private func printSummary(
        _ scenario: ExampleScenario, session: Session, server: EchoWebSocketServer, failure: Error?,
        started: ContinuousClock.Instant
    ) {
        var lines = ["", "== esp32emu demo: websocket_example against \(scenario.uri) =="]
        for step in scenario.passed { lines.append("  ok    \(step.name): \(step.detail)") }
        if let failure {
            lines.append("  FAIL  \(failure)")
            lines.append("--- recent UART0 output ---\n" + session.recentLog(lines: 15))
        }
        var counts: [(String, Int)] = []
        for event in session.loggedWebSocketEvents {
            if let index = counts.firstIndex(where: { $0.0 == event }) {
                counts[index].1 += 1
            } else {
                counts.append((event, 1))
            }
        }
        lines.append("  firmware events: " + counts.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        let statistics = server.statistics
        lines.append(
            "  server: \(statistics.connections) connection(s); echoed \(statistics.textMessages) text + "
                + "\(statistics.binaryMessages) binary messages (\(statistics.bytesEchoed) bytes); pushed "
                + "\(statistics.pushes); client CLOSE codes "
                + statistics.closeCodes.map { $0 == 1005 ? "none given (1005)" : "\($0)" }.joined(separator: ", "))
        lines.append(
            String(
                format: "  time: %.1f s virtual, %.1f s wall", session.virtualSeconds,
                (ContinuousClock.now - started) / .seconds(1)))
        lines.append(
            failure == nil
                ? "demo passed: \(scenario.passed.count) steps" : "demo FAILED after \(scenario.passed.count) steps")
        print(lines.joined(separator: "\n"))
    }
}
