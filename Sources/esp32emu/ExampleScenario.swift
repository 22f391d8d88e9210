// SPDX-License-Identifier: MIT
import Foundation
import Harness
import WebSocketServer

/// The steps of Espressif's serial test for its WebSocket example (`pytest_websocket.py`), run against
/// `websocket_example` on a session and an in-process echo server: answer the URI prompt, then follow the log
/// and push what the test's server pushes. Each step passes or stops the scenario with what went wrong.
final class ExampleScenario {
    struct Step {
        let name: String
        let detail: String
    }

    enum Failure: Error, CustomStringConvertible {
        case step(String, String)
        var description: String {
            guard case .step(let name, let problem) = self else { return "" }
            return "step \"\(name)\" failed: \(problem)"
        }
    }

    let session: Session
    let server: EchoWebSocketServer
    /// The URI typed at the prompt.
    let uri: String
    /// For wss://: the CA certificate (PEM) pasted when the firmware asks for it.
    let caCertificatePEM: String?
    /// Where the wall clock started (for the time to CONNECTED).
    let started: ContinuousClock.Instant
    private(set) var passed: [Step] = []
    /// Wall seconds from `started` to the firmware's CONNECTED event.
    private(set) var secondsToConnected: Double?

    /// The JSON array the upstream test pushes (pretty-printed, as Python's json.dumps(indent=4) writes it).
    static let json = """
        [
            {
                "id": "1",
                "name": "user1"
            },
            {
                "id": "2",
                "name": "user2"
            }
        ]
        """

    init(
        session: Session, server: EchoWebSocketServer, uri: String, caCertificatePEM: String?,
        started: ContinuousClock.Instant
    ) {
        self.session = session
        self.server = server
        self.uri = uri
        self.caCertificatePEM = caCertificatePEM
        self.started = started
    }

    func run() throws {
        try step("prompt") {
            try session.waitFor(.text("Please enter WebSocket endpoint URI"), timeout: 30)
            session.send(uri + "\n")
            guard let caCertificatePEM else { return "typed \(uri)" }
            try session.waitFor(.text("Please paste the server's CA certificate (PEM)"), timeout: 5)
            session.send(caCertificatePEM.trimmingCharacters(in: .newlines) + "\n")
            let time = try session.waitFor(.pattern(#"Time from SNTP: [^\n]*UTC"#), timeout: 15)
            return "typed \(uri), pasted the CA certificate; \(time)"
        }
        try step("connect") {
            try session.waitFor(.text("WEBSOCKET_EVENT_CONNECTED"), timeout: 30)
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            secondsToConnected = seconds
            return String(format: "CONNECTED %.2f s (wall) after the start", seconds)
        }
        try step("echo") {
            for index in 0..<5 { try session.waitFor(.text(String(format: "Received=hello %04d", index)), timeout: 5) }
            return "5 hellos echoed"
        }
        try step("long messages") {
            for _ in 0..<3 {
                let message = String((0..<2000).map { _ in Self.alphanumerics.randomElement()! })
                try server.push(text: message)
                let received = try receivedText(count: message.count)
                guard received == message else { throw problem("a 2000-character push came back different") }
            }
            return "3 × 2000-character pushes reassembled from 1024 + 976 chunks"
        }
        try step("json") {
            try server.push(text: Self.json)
            let line = try session.waitFor(.pattern(#"Json=\{[^\n]*\}"#), timeout: 5)
            guard line == "Json={'id': '1', 'name': 'user1'}" else { throw problem("unexpected \(line)") }
            return line
        }
        try step("fragmented text") {
            try session.waitFor(
                .text("Received=" + String(repeating: "a", count: 32) + String(repeating: "b", count: 32)), timeout: 5)
            return "32 × 'a' + 32 × 'b' echoed as one 64-byte message"
        }
        try step("fragmented binary") {
            let line = try session.waitFor(.pattern(#"Received binary data: [0-9a-f ]*\n"#), timeout: 5)
            let bytes = line.split(separator: ":")[1].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            guard bytes == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1] else { throw problem("binary echo was \(bytes)") }
            return "00 00 00 00 00 01 01 01 01 01"
        }
        try step("chunked 2000-byte echo") {
            try session.waitFor(.text("Total payload length=2000, data_len=1024, current payload offset=0"), timeout: 5)
            try session.waitFor(
                .text("Total payload length=2000, data_len=976, current payload offset=1024"), timeout: 5)
            return "data_len 1024 at offset 0, 976 at offset 1024"
        }
        try step("close") {
            let line = try session.waitFor(.pattern(#"Received closed message with code=\d+"#), timeout: 15)
            guard line.hasSuffix("=1000") else { throw problem(line) }
            try session.waitFor(.text("Websocket Stopped"), timeout: 5)
            return "close code 1000, Websocket Stopped"
        }
    }

    private static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// Concatenates `Received=` chunks until `count` characters have arrived (as the upstream test does).
    private func receivedText(count: Int) throws -> String {
        var text = ""
        while text.count < count {
            let line = try session.waitFor(.pattern(#"Received=[a-zA-Z0-9]*\n"#), timeout: 5)
            text += line.dropFirst("Received=".count).dropLast()
        }
        return text
    }

    private func problem(_ text: String) -> Failure { .step("", text) }

    private func step(_ name: String, _ body: () throws -> String) throws {
        do {
            passed.append(Step(name: name, detail: try body()))
        } catch Failure.step(_, let problem) {
            throw Failure.step(name, problem)
        } catch {
            throw Failure.step(name, "\(error)")
        }
    }
}
