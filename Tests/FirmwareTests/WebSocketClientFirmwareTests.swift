// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing
import VirtualNetwork

/// esp_websocket_client's C API in the firmware (ws_check), end to end through lwIP and slirp against real
/// WebSocket servers on the host's loopback (Tests/TestSupport/Servers/echo_server.py).
@Suite(.serialized) struct WebSocketClientFirmwareTests {
    /// A Python WebSocket server on 127.0.0.1 and the firmware at its "ready>" prompt.
    final class Bench {
        let server: WebSocketEchoServer
        let session: Session
        var port: Int { server.port }

        init(server kind: String) throws {
            server = try WebSocketEchoServer(kind)
            session = try Session(imagePath: FirmwareBuild.elf("ws_check").path, network: NetworkOptions())
            try expect("ws_check: ready>")
        }

        func expect(_ text: String) throws {
            let outcome = try session.run(
                expecting: [.text(text)], limits: Session.Limits(timeout: 30, wallTimeout: 60))
            #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        }

        func command(_ line: String, then text: String) throws {
            session.send(line + "\n")
            try expect(text)
        }

        /// The events ws_check printed, as "NAME op=… …" without the prefix.
        var events: [String] {
            session.log.split(separator: "\n").filter { $0.hasPrefix("ws_check: event ") }.map {
                String($0.dropFirst("ws_check: event ".count))
            }
        }

        var eventNames: [String] { events.map { String($0.split(separator: " ")[0]) } }
    }

    @Test(arguments: ["websockets", "simple"]) func connectEchoAndCloseAgainstARealServer(server: String) throws {
        let bench = try Bench(server: server)
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        try bench.command("text hello there", then: "data=hello there")
        try bench.command("close", then: "ws_check: destroy 0")
        let names = bench.eventNames.filter { $0 != "HEADER_RECEIVED" }
        #expect(
            names == ["BEGIN", "BEFORE_CONNECT", "CONNECTED", "DATA", "DATA", "CLOSED", "FINISH"], "\(bench.events)")
        #expect(bench.events.contains { $0.hasPrefix("DATA op=1 len=11 payload_len=11 offset=0 fin=1") })
        #expect(bench.events.contains { $0.hasPrefix("DATA op=8") })
        #expect(bench.session.log.contains("ws_check: close 0"))
    }

    @Test func aServerCloseWithACodeReportsItInClosed() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        try bench.command("text please close", then: "event FINISH")
        let closed = try #require(bench.events.first { $0.hasPrefix("CLOSED") })
        #expect(closed.contains("close=4001"), "\(closed)")
        #expect(!bench.eventNames.contains("DISCONNECTED"))
    }

    @Test func aRefusedConnectionIsRetriedAfterTheReconnectTimeout() throws {
        let bench = try Bench(server: "websockets")
        let nobody = try TCPClient.freePort()
        try bench.command("connect ws://10.0.2.2:\(nobody)/", then: "event DISCONNECTED")
        let refusedAt = bench.session.virtualSeconds
        try bench.expect("event BEFORE_CONNECT")
        try bench.expect("event DISCONNECTED")
        #expect(
            Array(bench.eventNames.prefix(7)) == [
                "BEGIN", "BEFORE_CONNECT", "ERROR", "DISCONNECTED", "BEFORE_CONNECT", "ERROR", "DISCONNECTED",
            ], "\(bench.events)")
        #expect(bench.session.virtualSeconds - refusedAt >= 1.0, "reconnect_timeout_ms is 1000")
        #expect(bench.session.log.contains("esp_transport_connect() failed with -1"))
    }
}
