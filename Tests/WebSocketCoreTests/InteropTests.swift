// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing
import WebSocketCore

/// The protocol core against real WebSocket servers on the host's loopback: the Python `websockets` library
/// and SimpleWebSocketServer (esp_websocket_client's own test server), both from PyPI through Tools/setup.
@Suite(.serialized) struct InteropTests {
    /// A server process and a client connected to it.
    final class Session {
        let server: WebSocketEchoServer
        let client: WebSocketClient<SocketConnection, SystemClock>
        var events: [WebSocketEvent] = []

        init(server kind: String) throws {
            server = try WebSocketEchoServer(kind)
            let port = server.port
            var fields = WebSocketEndpoint.Fields()
            fields.uri = ascii("ws://127.0.0.1:\(port)/echo")
            var configuration = WebSocketClientConfiguration(endpoint: try #require(WebSocketEndpoint(fields)))
            configuration.autoReconnect = false
            client = WebSocketClient(
                configuration: configuration, connection: SocketConnection(), clock: SystemClock(),
                random: { UInt32.random(in: 0...UInt32.max) })
            client.onEvent = { [unowned self] in events.append($0) }
            #expect(client.start())
            try run(until: { $0.kind == .connected })
        }

        /// Runs the client until an event satisfies `condition` (10 s at most).
        func run(until condition: (WebSocketEvent) -> Bool) throws {
            let deadline = Date().addingTimeInterval(10)
            var seen = events.count
            while Date() < deadline {
                guard client.runOnce() else { break }
                if events[seen...].contains(where: condition) { return }
                seen = events.count
            }
            if !events[seen...].contains(where: condition) {
                Issue.record("condition not met; events: \(events.map(\.kind))")
            }
        }

        /// Collects DATA chunks into one message: the server answers with a single frame.
        func receiveMessage() throws -> (opcode: UInt8, payload: [UInt8]) {
            var payload: [UInt8] = []
            var opcode: UInt8 = 0
            var complete = false
            let start = events.count
            let deadline = Date().addingTimeInterval(20)
            while !complete && Date() < deadline && client.runOnce() {
                let chunks = events[start...].filter { $0.kind == .data && $0.opcode != 10 }
                if let last = chunks.last, last.fin, last.payloadOffset + last.data.count == last.payloadLength {
                    payload = chunks.flatMap(\.data)
                    opcode = chunks.first?.opcode ?? 0
                    complete = true
                }
            }
            #expect(complete, "no complete message")
            return (opcode, payload)
        }
    }

    static let servers = ["websockets", "simple"]
    static let sizes = [0, 125, 126, 65535, 65536, 1 << 20]

    @Test(arguments: servers) func textAndBinaryMessagesOfEveryLengthFormEchoBack(server: String) throws {
        let session = try Session(server: server)
        for size in Self.sizes {
            let text = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            #expect(session.client.send(.text, text) == size)
            let echoedText = try session.receiveMessage()
            #expect(echoedText.opcode == 1 && echoedText.payload == text, "\(server) text \(size)")
            let binary = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(session.client.send(.binary, binary) == size)
            let echoedBinary = try session.receiveMessage()
            #expect(echoedBinary.opcode == 2 && echoedBinary.payload == binary, "\(server) binary \(size)")
        }
    }

    @Test(arguments: servers) func fragmentedSendsArriveAsOneMessage(server: String) throws {
        let session = try Session(server: server)
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 32), b = [UInt8](repeating: UInt8(ascii: "b"), count: 32)
        #expect(session.client.send(.text, a, fin: false) == 32)
        #expect(session.client.send(.continuation, b, fin: false) == 32)
        #expect(session.client.send(.continuation, [], fin: true) == 0)
        let echoed = try session.receiveMessage()
        #expect(echoed.opcode == 1 && echoed.payload == a + b)
    }

    @Test func aServerPingIsAnsweredWithItsPayload() throws {
        let session = try Session(server: "websockets")
        #expect(session.client.send(.text, ascii("please ping")) == 11)
        try session.run(until: { $0.kind == .data && $0.opcode == 9 })
        #expect(session.events.last { $0.opcode == 9 }?.data == ascii("are you there"))
        // The server's ping() resolves only on our PONG; a following echo shows the connection is healthy.
        #expect(session.client.send(.text, ascii("still here")) == 10)
        #expect(try session.receiveMessage().payload == ascii("still here"))
    }

    @Test(arguments: servers) func aServerCloseWithACodeEndsWithClosed(server: String) throws {
        let session = try Session(server: server)
        #expect(session.client.send(.text, ascii("please close")) == 12)
        try session.run(until: { $0.kind == .finish })
        let kinds = session.events.map(\.kind)
        #expect(Array(kinds.suffix(3)) == [.data, .closed, .finish], "\(kinds)")
        #expect(session.events.first { $0.kind == .closed }?.closeStatusCode == 4001)
        #expect(!kinds.contains(.disconnected))
    }

    @Test(arguments: servers) func aClientCloseIsEchoedAndEnds(server: String) throws {
        let session = try Session(server: server)
        #expect(session.client.close(code: 1000))
        try session.run(until: { $0.kind == .finish })
        #expect(Array(session.events.map(\.kind).suffix(3)) == [.data, .closed, .finish])
        #expect(session.events.first { $0.kind == .closed }?.closeStatusCode == 1000)
    }
}
