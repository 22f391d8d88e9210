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

        /// Sends `line` and returns the output that matched `pattern` afterwards.
        func command(_ line: String, thenPattern pattern: String) throws -> String {
            session.send(line + "\n")
            return try session.waitFor(.pattern(pattern), timeout: 30, wallTimeout: 60)
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
        #expect(
            bench.session.logLines.contains { $0.tag == "websocket_client" && $0.message == "Reconnect after 1000 ms" })
    }

    @Test func twoHundredClientLifetimesLeaveTheHeapAsTheyFoundIt() throws {
        let bench = try Bench(server: "simple")
        let line = try bench.command(
            "cycles 200 ws://10.0.2.2:\(bench.port)/", thenPattern: #"ws_check: cycles [^\n]*\n"#
        )
        .dropLast()
        let match = try #require(
            line.wholeMatch(of: #/ws_check: cycles 200 ok heap (\d+) -> (\d+) in \d+ us/#), "\(line)")
        #expect(match.1 == match.2, "\(line)")
    }

    @Test func binaryFragmentsAndTheStartStopRules() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("stop", then: "ws_check: stop")
        #expect(bench.session.log.contains("ws_check: stop -1"), "stop before init/start fails")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        try bench.command("start", then: "ws_check: start -1")
        for size in [0, 125, 126, 65535, 65536] {
            // The echo may arrive (and its events print) before send_bin returns and "sent" prints: no order.
            let summary = try bench.command(
                "bin \(size)",
                thenPattern: "ws_check: bin \(size) crc sent [0-9a-f]{8} received [0-9a-f]{8} bytes \(size)")
            #expect(bench.session.log.contains("ws_check: sent \(size)\n"))
            #expect(
                bench.session.log.contains(
                    size == 0
                        ? "event DATA op=2 len=0 payload_len=0"
                        : "payload_len=\(size) offset=\(size - (size % 1024 == 0 ? 1024 : size % 1024)) fin=1"))
            let crcs = summary.split(separator: " ").filter { $0.count == 8 && $0.allSatisfy(\.isHexDigit) }
            #expect(crcs.count == 2 && crcs[0] == crcs[1], "byte-exact echo of \(size) bytes: \(summary)")
        }
        let chunks = bench.events.filter { $0.hasPrefix("DATA op=2") && $0.contains("payload_len=65536") }
        #expect(chunks.count == 64 && chunks.allSatisfy { $0.contains("len=1024 ") }, "65536 = 64 full chunks")
        try bench.command("fragments", then: "ws_check: fragments 32 32 0")
        try bench.expect("data=" + String(repeating: "a", count: 32) + String(repeating: "b", count: 28))
        try bench.command("stop", then: "ws_check: stop 0")
        #expect(bench.eventNames.last == "FINISH")
        #expect(!bench.eventNames.contains("CLOSED"), "stop ends without a close handshake")
    }

    /// The SDK's template app (Firmware/Apps/template_app), tested the way docs/SDK.md shows users.
    @Test func theTemplateAppTalksToAServer() throws {
        let server = try WebSocketEchoServer("simple")
        let session = try Session(imagePath: FirmwareBuild.elf("template_app").path, network: NetworkOptions())
        try session.waitFor(logFrom: "template", containing: "Please enter WebSocket endpoint URI", timeout: 5)
        session.send("ws://10.0.2.2:\(server.port)/\n")
        let echo = try session.waitFor(logFrom: "template", containing: "Received=", level: .warning, timeout: 10)
        #expect(echo.message == "Received=hello from the template")
        try session.waitFor(logFrom: "template", containing: "Websocket Stopped", timeout: 10)
        #expect(session.loggedWebSocketEvents == ["CONNECTED", "DATA", "DATA", "CLOSED"])
    }

    // MARK: - Failures (Tests/TestSupport/Servers/rogue_server.py)

    var quiet: (String) -> Bool { { $0 != "HEADER_RECEIVED" } }

    @Test func aProtocolViolationByTheServerDisconnectsWithoutAClose() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/violate auto=0", then: "event FINISH")
        #expect(
            bench.eventNames.filter(quiet) == [
                "BEGIN", "BEFORE_CONNECT", "CONNECTED", "ERROR", "DISCONNECTED", "FINISH",
            ],
            "\(bench.events)")
    }

    @Test func aDroppedConnectionReconnectsAfterTheTimeout() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/drop reconnect=500", then: "event DISCONNECTED")
        try bench.expect("event CONNECTED")
        #expect(
            Array(bench.eventNames.filter(quiet).prefix(7)) == [
                "BEGIN", "BEFORE_CONNECT", "CONNECTED", "ERROR", "DISCONNECTED", "BEFORE_CONNECT", "CONNECTED",
            ], "\(bench.events)")
    }

    @Test func noPongWithinTheTimeoutDisconnects() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/silent ping=1 pong=2 auto=0", then: "event FINISH")
        #expect(bench.session.log.contains("Error, no PONG received for more than 2 seconds after PING"))
        #expect(Array(bench.eventNames.filter(quiet).suffix(3)) == ["ERROR", "DISCONNECTED", "FINISH"])
    }

    @Test func aCloseWithoutAnswerEndsWithFinishOnly() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/silent", then: "event CONNECTED")
        try bench.command("close", then: "ws_check: destroy 0")
        #expect(bench.session.log.contains("ws_check: close 0"))
        #expect(Array(bench.eventNames.filter(quiet).suffix(2)) == ["CONNECTED", "FINISH"], "\(bench.events)")
    }

    @Test func closeWithACodeSendsIt() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        try bench.command("closecode 4000 bye", then: "ws_check: destroy 0")
        let closed = try #require(bench.events.first { $0.hasPrefix("CLOSED") })
        #expect(closed.contains("close=4000"), "the server echoed our code: \(closed)")
    }

    @Test func aWriteTimeoutReturnsZeroAndAbortsTheConnection() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/tiny auto=0", then: "event CONNECTED")
        try bench.command("bigtext 4000000 200", then: "ws_check: bigtext")
        #expect(bench.session.log.contains(#/ws_check: bigtext 0 after \d+/#), "\(bench.session.recentLog())")
        #expect(Array(bench.eventNames.filter(quiet).suffix(3)) == ["ERROR", "DISCONNECTED", "FINISH"])
        #expect(bench.session.log.contains("esp_transport_write() returned 0"))
    }

    @Test func aHandlerCannotStopCloseOrDestroyItsClient() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        bench.session.send("stop-in-handler\n")
        try bench.command("text ping me", then: "ws_check: from the handler stop -1 close -1 destroy -1")
        #expect(bench.session.log.contains("Client cannot be stopped from websocket task"))
        try bench.command("close", then: "ws_check: destroy 0")
        #expect(
            bench.session.log.contains("I (")
                && bench.session.logLines.contains { $0.tag == "websocket_client" && $0.message == "Started" })
    }

    /// 1 MiB out as a fragmented message (partial + 255 continuations + fin), 1 MiB back as one frame in
    /// 1024-byte DATA chunks, checked by CRC-32 — the guest has about 300 KB of heap, so nothing is buffered.
    @Test func aMebibyteStreamsEachWayAndRoundTripsAreTimed() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        let line = try bench.command("stream 1024", thenPattern: #"ws_check: stream [^\n]*\n"#).dropLast()
        let match = try #require(
            line.wholeMatch(
                of: #/ws_check: stream ok sent ([0-9a-f]{8}) received ([0-9a-f]{8}) bytes 1048576 in \d+ us/#),
            "\(line)")
        #expect(match.1 == match.2, "\(line)")
        try bench.command("rtt 50", then: "ws_check: rtt 50 ok echoes 50 in ")
    }

    /// Four clients, two on each of two servers, with interleaved sends: each client's DATA events carry
    /// exactly its own echoes, in order.
    @Test func fourClientsOnTwoServersKeepTheirTrafficApart() throws {
        let bench = try Bench(server: "websockets")
        let second = try WebSocketEchoServer("simple")
        for slot in 0..<4 {
            let port = slot < 2 ? bench.port : second.port
            try bench.command("use \(slot)", then: "ws_check: ready>")
            try bench.command("connect ws://10.0.2.2:\(port)/echo", then: "client=\(slot) tls=")
            try bench.expect("event CONNECTED")
        }
        for round in 0..<5 {
            for slot in [2, 0, 3, 1] {
                try bench.command("use \(slot)", then: "ws_check: ready>")
                try bench.command(
                    "text c\(slot)-r\(round)", then: "client=\(slot) tls=0 stack=0 flags=0 data=c\(slot)-r\(round)")
            }
        }
        for slot in 0..<4 {
            let echoes = bench.events.filter { $0.hasPrefix("DATA op=1") && $0.contains("client=\(slot) ") }
                .compactMap { $0.split(separator: "data=").last.map(String.init) }
            #expect(echoes == (0..<5).map { "c\(slot)-r\($0)" }, "client \(slot): \(echoes)")
        }
        for slot in 0..<4 {
            try bench.command("use \(slot)", then: "ws_check: ready>")
            try bench.command("close", then: "ws_check: destroy 0")
        }
        #expect(bench.eventNames.filter { $0 == "FINISH" }.count == 4)
    }

    /// Upstream's unit tests (init with an invalid URI fails, an empty config works, set_uri rejects an
    /// invalid URI) and the documented refusals, on clients that never connect.
    @Test func theAPIsArgumentAndStateRules() throws {
        let bench = try Bench(server: "simple")
        try bench.command("api", then: "ws_check: api done")
        let rules = bench.session.log.split(separator: "\n").filter {
            $0.hasPrefix("ws_check: api ") && !$0.hasSuffix("done")
        }
        #expect(rules.count == 16, "\(rules)")
        #expect(rules.allSatisfy { $0.hasSuffix(" ok") }, "\(rules.filter { !$0.hasSuffix(" ok") })")
    }

    @Test func aServerPingIsDeliveredAndAnswered() throws {
        let bench = try Bench(server: "websockets")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/echo", then: "event CONNECTED")
        try bench.command("text please ping", then: "event DATA op=9 len=13")
        // websockets' ping() waits for our PONG; the connection stays healthy and echoes on.
        try bench.command("text still here", then: "data=still here")
        #expect(!bench.eventNames.contains("DISCONNECTED"))
    }

    @Test func aRedirectIsFollowedAndAppendedHeadersReachTheServer() throws {
        let bench = try Bench(server: "rogue")
        try bench.command(
            "connect ws://10.0.2.2:\(bench.port)/redirect header=hello-from-the-esp32", then: "data=X-Test=")
        #expect(bench.session.log.contains("data=X-Test=hello-from-the-esp32"), "\(bench.session.recentLog())")
        #expect(
            Array(bench.eventNames.filter(quiet).prefix(4)) == [
                "BEGIN", "BEFORE_CONNECT", "BEFORE_CONNECT", "CONNECTED",
            ],
            "a redirect is a new attempt without ERROR: \(bench.events)")
    }

    @Test func aWrongAcceptFailsTheHandshakeWithItsStatus() throws {
        let bench = try Bench(server: "rogue")
        try bench.command("connect ws://10.0.2.2:\(bench.port)/badaccept auto=0", then: "event FINISH")
        #expect(
            bench.eventNames.filter(quiet) == ["BEGIN", "BEFORE_CONNECT", "ERROR", "DISCONNECTED", "FINISH"],
            "\(bench.events)")
        #expect(bench.events.contains { $0.hasPrefix("DISCONNECTED") && $0.contains("status=101") })
    }
}
