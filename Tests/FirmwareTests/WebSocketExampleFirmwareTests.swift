// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing
import VirtualNetwork
import WebSocketServer

/// `websocket_example` driven exactly as Espressif's serial test drives its example (pytest_websocket.py, steps in
/// esp_ws_api.md §5.1), against the in-process echo server; and the multi-client app against several servers.
@Suite(.serialized) struct WebSocketExampleFirmwareTests {
    static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// Concatenates `Received=` captures until `count` characters have arrived, as the upstream test does.
    func received(count: Int, from session: Session) throws -> String {
        var text = ""
        while text.count < count {
            let line = try session.waitFor(.pattern(#"Received=[a-zA-Z0-9]*\n"#), timeout: 5)
            text += line.dropFirst("Received=".count).dropLast()
        }
        return text
    }

    /// Over ws://, and over wss:// with the test CA pasted at the example's prompt and the clock from the
    /// virtual network's SNTP server (fixed at 2026-01-01, inside the server certificate's validity).
    @Test(arguments: [false, true]) func theUpstreamExampleTestPasses(overTLS: Bool) throws {
        let server = try EchoWebSocketServer(
            tls: overTLS
                ? EchoWebSocketServer.TLSFiles(
                    certificatePath: try TestCertificates.file("server").path,
                    privateKeyPath: try TestCertificates.file("server", key: true).path) : nil)
        var network = NetworkOptions()
        network.dnsEntries = [(TestCertificates.host, .host)]
        network.timeEpoch = UInt64(TestCertificates.sntpSeconds)
        let session = try Session(imagePath: FirmwareBuild.elf("websocket_example").path, network: network)
        let uri = overTLS ? "wss://\(TestCertificates.host):\(server.port)" : "ws://10.0.2.2:\(server.port)"
        try session.waitFor(.text("Please enter WebSocket endpoint URI"), timeout: 30)
        session.send(uri + "\n")
        try session.waitFor(.text("Endpoint uri: \(uri)"), timeout: 1)
        if overTLS {
            try session.waitFor(.text("Please paste the server's CA certificate (PEM)"), timeout: 1)
            session.send(try TestCertificates.pem("ca"))
            try session.waitFor(.text("Time from SNTP: 2026-01-01 00:00:"), timeout: 15)
        }
        try session.waitFor(.text("Connecting to \(uri)..."), timeout: 1)

        // test_echo
        try session.waitFor(.text("WEBSOCKET_EVENT_CONNECTED"), timeout: 20)
        for _ in 0..<5 { try session.waitFor(.pattern(#"Received=hello (\d)"#), timeout: 5) }
        #expect(session.log.contains("Received=hello 0004"))

        // test_recv_long_msg(2000, 3): each push arrives as 1024 + 976 and is reassembled exactly.
        for _ in 0..<3 {
            let message = String((0..<2000).map { _ in Self.alphanumerics.randomElement()! })
            #expect(try server.push(text: message) == 1)
            #expect(try received(count: 2000, from: session) == message)
        }

        // test_json, then JSON the example must survive: numbers (strtod, soft double), non-objects, bad syntax.
        try server.push(text: #"[ {"id": "1", "name": "user1"}, {"id": "2", "name": "user2"} ]"#)
        let json = try session.waitFor(.pattern(#"Json=(\{[^\n]*\})"#), timeout: 5)
        #expect(json == "Json={'id': '1', 'name': 'user1'}")
        try session.waitFor(.text("Json={'id': '2', 'name': 'user2'}"), timeout: 5)
        try server.push(text: #"[{"id": 7, "name": "x"}, 1.5e3, {"id": "3", "name": "n", "size": -2.25E-1}, "s"]"#)
        try session.waitFor(.text("Json={'id': '3', 'name': 'n'}"), timeout: 5)
        try server.push(text: #"[{"id": "4", "#)

        // test_fragmented_txt_msg: the server reassembled 32 × 'a' + 32 × 'b' and echoed one message.
        try session.waitFor(
            .text("Received=" + String(repeating: "a", count: 32) + String(repeating: "b", count: 32)), timeout: 5)
        // test_fragmented_binary_msg
        let binary = try session.waitFor(.pattern(#"Received binary data: [0-9a-f ]*\n"#), timeout: 5)
        let bytes = binary.split(separator: ":")[1].split(separator: " ").compactMap { UInt8($0, radix: 16) }
        #expect(bytes == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        // test_recv_fragmented_msg1/2: the echo of the device's own 2000-byte message, in two chunks.
        try session.waitFor(
            .text("websocket: Total payload length=2000, data_len=1024, current payload offset=0"), timeout: 5)
        try session.waitFor(
            .text("websocket: Total payload length=2000, data_len=976, current payload offset=1024"), timeout: 5)
        // test_close: 5 s without data, then the close handshake; the server answers 1000.
        let close = try session.waitFor(.pattern(#"websocket: Received closed message with code=(\d*)"#), timeout: 15)
        #expect(close.hasSuffix("code=1000"))
        try session.waitFor(.text("Websocket Stopped"), timeout: 5)

        #expect(!session.log.contains("Json={'id': '4'"), "the truncated JSON is not logged")
        #expect(!session.log.contains("'7'") && !session.log.contains("(null)"), "elements without strings are skipped")
        let events = session.loggedWebSocketEvents
        #expect(events.first == "BEGIN" && events.last == "FINISH" && events.filter { $0 == "CONNECTED" }.count == 1)
        let statistics = server.statistics
        #expect(statistics.connections == 1 && statistics.binaryMessages == 1 && statistics.pushes == 6)
        #expect(statistics.closeCodes == [1005], "esp_websocket_client_close sends a CLOSE without a code")
        #expect(session.log.split(separator: "\n").filter { $0.contains("Json=") }.count == 3)
        #expect(try session.run(forSeconds: 1) == .completed, "app_main returned cleanly, no panic")
    }

    @Test func theMultiClientAppTalksToThreeServersAtOnce() throws {
        let first = try EchoWebSocketServer(), second = try EchoWebSocketServer()
        let python = try WebSocketEchoServer("websockets")
        let session = try Session(imagePath: FirmwareBuild.elf("websocket_multi").path, network: NetworkOptions())
        try session.waitFor(.text("Please enter up to 4 WebSocket endpoint URIs"), timeout: 30)
        session.send(
            "ws://10.0.2.2:\(first.port)/a ws://10.0.2.2:\(second.port)/b ws://10.0.2.2:\(python.port)/c "
                + "ws://10.0.2.2:\(first.port)/d\n")
        let summary = try session.waitFor(.pattern(#"websocket_multi: summary [^\n]*"#), timeout: 30)
        #expect(summary == "websocket_multi: summary clients=4 connected=4 sent=20 echoed=20 mismatched=0 closed=4")
        #expect(first.statistics.connections == 2 && first.statistics.textMessages == 10)
        #expect(second.statistics.connections == 1 && second.statistics.textMessages == 5)
        for number in 0..<4 {
            #expect(session.log.contains("client \(number): Received=client \(number) message 4"))
        }
    }
}
