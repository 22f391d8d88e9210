// SPDX-License-Identifier: MIT
import Testing
import WebSocketCore

/// The event sequences of esp_ws_api.md §3.3, each row against a scripted server and a virtual clock.
@Suite struct ClientStateMachineTests {
    final class Bench {
        let clock = VirtualClock()
        let connection: ScriptedConnection
        let client: WebSocketClient<ScriptedConnection, VirtualClock>
        var events: [WebSocketEvent] = []
        /// Runs after each loop iteration, for the server's moves.
        var script: (Bench) -> Void = { _ in }

        init(uri: String = "ws://10.0.2.2:8080/ws", configure: (inout WebSocketClientConfiguration) -> Void = { _ in })
        {
            var fields = WebSocketEndpoint.Fields()
            fields.uri = ascii(uri)
            var configuration = WebSocketClientConfiguration(endpoint: WebSocketEndpoint(fields)!)
            configure(&configuration)
            connection = ScriptedConnection(clock: clock)
            var seed: UInt32 = 1
            client = WebSocketClient(
                configuration: configuration, connection: connection, clock: clock,
                random: {
                    seed = seed &* 1_664_525 &+ 1_013_904_223; return seed
                })
            client.onEvent = { [unowned self] in events.append($0) }
        }

        /// Starts the client and runs its loop until it ends or `milliseconds` of virtual time have passed.
        func run(for milliseconds: Int64 = 60_000) {
            #expect(client.start())
            continueRunning(for: milliseconds)
        }

        func continueRunning(for milliseconds: Int64) {
            let end = clock.milliseconds + milliseconds
            while clock.milliseconds < end && client.runOnce() { script(self) }
        }

        var kinds: [WebSocketEvent.Kind] { events.map(\.kind) }
        func events(_ kind: WebSocketEvent.Kind) -> [WebSocketEvent] { events.filter { $0.kind == kind } }
    }

    @Test func aReachableServerConnects() {
        let bench = Bench()
        bench.run(for: 500)
        #expect(bench.kinds == [.begin, .beforeConnect, .headerReceived, .connected])
        #expect(bench.events(.headerReceived).map { text($0.data) } == ["Upgrade: websocket"])
        #expect(bench.connection.opened.map(\.host) == ["10.0.2.2"] && bench.connection.opened.map(\.port) == [8080])
        #expect(bench.client.isConnected)
    }

    @Test func aRefusedConnectionRetriesEveryReconnectTimeout() {
        let bench = Bench()
        bench.connection.refuses = true
        bench.run(for: 25_000)
        #expect(
            bench.kinds == [
                .begin, .beforeConnect, .error, .disconnected, .beforeConnect, .error, .disconnected, .beforeConnect,
                .error, .disconnected,
            ])
        #expect(text(bench.events(.error)[0].data).hasPrefix("esp_transport_connect() failed with -1"))
        #expect(bench.events(.disconnected)[0].errorType == .tcpTransport && bench.events(.error)[0].errorType == .none)
        #expect(bench.events(.error)[0].socketErrno == 111)
    }

    @Test func withoutAutoReconnectAFailureEndsTheTask() {
        let bench = Bench { $0.autoReconnect = false }
        bench.connection.refuses = true
        bench.run()
        #expect(bench.kinds == [.begin, .beforeConnect, .error, .disconnected, .finish])
        #expect(!bench.client.isRunning && !bench.client.isConnected)
    }

    @Test func aLongFrameArrivesAsTwoChunks() {
        let bench = Bench()
        var sent = false
        bench.script = { bench in
            if bench.kinds.last == .connected && !sent {
                sent = true
                bench.connection.send(0x81, [UInt8](repeating: 0x61, count: 2000))
            }
        }
        bench.run(for: 3000)
        let data = bench.events(.data)
        #expect(
            data.map { [$0.data.count, $0.payloadLength, $0.payloadOffset] } == [[1024, 2000, 0], [976, 2000, 1024]])
        #expect(data.allSatisfy { $0.opcode == 1 && $0.fin })
    }

    @Test func aFrameBehindThe101IsDeliveredRightAfterConnecting() {
        let bench = Bench()
        bench.connection.answer = { key in
            ascii("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: ") + Handshake.expectedAccept(for: key) + ascii("\r\n\r\n")
                + [0x81, 0x02, 0x68, 0x69]
        }
        bench.run(for: 100)
        #expect(bench.kinds == [.begin, .beforeConnect, .connected, .data])
        #expect(bench.events(.data).first?.data == ascii("hi"))
    }

    @Test func aServerPingIsDeliveredThenAnswered() {
        let bench = Bench()
        bench.script = { bench in if bench.kinds.last == .connected { bench.connection.send(0x89, ascii("abc")) } }
        bench.run(for: 3000)
        #expect(bench.events(.data).map(\.opcode) == [9])
        #expect(
            bench.connection.clientFrames.map(\.first) == [0x8A]
                && bench.connection.clientFrames.first?.payload == ascii("abc"))
    }

    @Test func pingsGoOutEveryIntervalAndPongsKeepTheConnection() {
        let bench = Bench { $0.pingPongTimeoutSeconds = 15 }
        bench.script = { bench in
            if let last = bench.connection.clientFrames.last, last.first == 0x89, bench.connection.toClient.isEmpty,
                bench.connection.clientFrames.count > bench.events(.data).count
            {
                bench.connection.send(0x8A, [])
            }
        }
        bench.run(for: 65_000)
        #expect(bench.connection.clientFrames.filter { $0.first == 0x89 }.count == 5, "a PING every 10+ s")
        #expect(bench.events(.data).allSatisfy { $0.opcode == 10 })
        #expect(!bench.kinds.contains(.disconnected))
    }

    @Test func noPongWithinTheTimeoutDisconnectsAndReconnects() {
        let bench = Bench { $0.pingPongTimeoutSeconds = 20 }
        bench.run(for: 45_000)
        let error = bench.events(.error).first
        #expect(error.map { text($0.data) } == "Error, no PONG received for more than 20 seconds after PING")
        #expect(bench.events(.disconnected).first?.errorType == .pongTimeout)
        #expect(bench.kinds.filter { $0 == .connected }.count == 2, "reconnected after the timeout")
    }

    @Test func aServerCloseIsAnsweredAndEndsWithClosed() {
        let bench = Bench()
        bench.script = { bench in
            if bench.kinds.last == .connected {
                bench.connection.send(0x88, [0x03, 0xE9] + ascii("going away"))
                bench.connection.peerClosed = true
            }
        }
        bench.run()
        #expect(bench.kinds == [.begin, .beforeConnect, .headerReceived, .connected, .data, .closed, .finish])
        #expect(bench.events(.data).first?.opcode == 8 && bench.events(.data).first?.closeStatusCode == 0)
        #expect(bench.events(.closed).first?.closeStatusCode == 1001)
        #expect(
            bench.connection.clientFrames.map(\.first) == [0x88] && bench.connection.clientFrames[0].payload.isEmpty)
    }

    @Test func withCloseReconnectAServerCloseReconnectsAfterTheDelay() {
        let bench = Bench {
            $0.enableCloseReconnect = true
            $0.reconnectTimeoutMilliseconds = 3000
        }
        var closes = 0
        bench.script = { bench in
            if bench.kinds.last == .connected && closes == 0 {
                closes += 1
                bench.connection.send(0x88, [0x03, 0xE8])
                bench.connection.peerClosed = true
            }
        }
        bench.run(for: 8000)
        #expect(
            bench.kinds == [
                .begin, .beforeConnect, .headerReceived, .connected, .data, .closed, .beforeConnect, .headerReceived,
                .connected,
            ])
        #expect(bench.events(.closed).first?.errorType == .serverClose)
    }

    @Test func aDroppedConnectionIsAnErrorAndReconnects() {
        let bench = Bench { $0.reconnectTimeoutMilliseconds = 2000 }
        var dropped = false
        bench.script = { bench in
            if bench.kinds.last == .connected && !dropped {
                dropped = true
                bench.connection.peerClosed = true
            }
        }
        bench.run(for: 5000)
        #expect(
            Array(bench.kinds.prefix(9)) == [
                .begin, .beforeConnect, .headerReceived, .connected, .error, .disconnected, .beforeConnect,
                .headerReceived, .connected,
            ])
        #expect(text(bench.events(.error)[0].data).hasPrefix("esp_transport_read() failed with -1"))
    }

    @Test func aFailedSendIsAnErrorInTheSendersContext() {
        let bench = Bench { $0.autoReconnect = false }
        bench.run(for: 100)
        bench.connection.failsWrites = true
        #expect(bench.client.send(.text, ascii("hello")) == -1)
        bench.continueRunning(for: 100)
        #expect(Array(bench.kinds.suffix(3)) == [.error, .disconnected, .finish])
        #expect(text(bench.events(.error)[0].data).hasPrefix("esp_transport_write() returned -1"))
    }

    @Test func aTimedOutSendReturnsZeroAndDisconnects() {
        let bench = Bench()
        bench.run(for: 100)
        bench.connection.writesTimeOut = true
        #expect(bench.client.send(.binary, [1, 2, 3], timeoutMilliseconds: 50) == 0)
        #expect(Array(bench.kinds.suffix(2)) == [.error, .disconnected])
        #expect(text(bench.events(.error)[0].data).hasPrefix("esp_transport_write() returned 0"))
    }

    @Test func sendingCutsMessagesAndNeedsAConnection() {
        let bench = Bench()
        #expect(bench.client.send(.text, ascii("early")) == -1, "not connected")
        bench.run(for: 100)
        #expect(bench.client.send(.text, [UInt8](repeating: 0x61, count: 2000)) == 2000)
        #expect(bench.client.send(.text, ascii("a"), fin: false) == 1)
        #expect(bench.client.send(.continuation, ascii("b"), fin: false) == 1)
        #expect(bench.client.send(.continuation, [], fin: true) == 0)
        #expect(bench.client.send(.continuation, [], fin: false) == 0, "sends nothing, as upstream")
        #expect(bench.connection.clientFrames.map(\.first) == [0x01, 0x80, 0x01, 0x00, 0x80])
        #expect(bench.connection.clientFrames.map(\.payload.count) == [1024, 976, 1, 1, 0])
    }

    @Test func aClientCloseWaitsForTheServersCloseThenFinishes() {
        let bench = Bench()
        bench.run(for: 100)
        #expect(bench.client.close(code: 4000, reason: ascii("done")))
        #expect(bench.connection.clientFrames.last?.payload == [0x0F, 0xA0] + ascii("done"))
        bench.connection.send(0x88, [0x0F, 0xA0])
        bench.connection.peerClosed = true
        bench.continueRunning(for: 5000)
        #expect(Array(bench.kinds.suffix(3)) == [.data, .closed, .finish])
        #expect(bench.connection.clientFrames.filter { $0.first == 0x88 }.count == 1, "no second CLOSE")
        #expect(bench.events(.closed).first?.closeStatusCode == 4000)
    }

    @Test func stopEndsWithFinishOnly() {
        let bench = Bench()
        bench.run(for: 100)
        bench.client.stop()
        bench.continueRunning(for: 100)
        #expect(bench.kinds == [.begin, .beforeConnect, .headerReceived, .connected, .finish])
        #expect(!bench.client.start() || bench.client.isRunning, "a stopped client can start again")
    }

    @Test func aProtocolViolationDisconnectsWithoutAClose() {
        let bench = Bench { $0.autoReconnect = false }
        bench.script = { bench in if bench.kinds.last == .connected { bench.connection.toClient += [0xC1, 0x00] } }
        bench.run()
        #expect(bench.kinds == [.begin, .beforeConnect, .headerReceived, .connected, .error, .disconnected, .finish])
        #expect(bench.connection.clientFrames.isEmpty)
    }

    @Test func aRedirectConnectsToTheLocationWithoutAnError() {
        let bench = Bench()
        var redirected = false
        bench.connection.answer = { key in
            if !redirected {
                redirected = true
                return ascii("HTTP/1.1 302 Found\r\nLocation: ws://10.0.2.2:9000/new\r\n\r\n")
            }
            return ascii("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: ") + Handshake.expectedAccept(for: key)
                + ascii("\r\n\r\n")
        }
        bench.run(for: 500)
        #expect(bench.kinds == [.begin, .beforeConnect, .beforeConnect, .connected])
        #expect(bench.connection.opened.map(\.port) == [8080, 9000])
    }

    @Test func aRejectedUpgradeReportsTheHTTPStatus() {
        let bench = Bench { $0.autoReconnect = false }
        bench.connection.answer = { _ in ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") }
        bench.run()
        #expect(bench.kinds == [.begin, .beforeConnect, .error, .disconnected, .finish])
        #expect(text(bench.events(.error)[0].data).contains("esp_ws_handshake_status_code=404"))
        #expect(bench.events(.disconnected)[0].handshakeStatus == 404)
    }

    @Test func onlyWsAndWssStartAndOnlyOnce() {
        let http = Bench(uri: "http://10.0.2.2/")
        #expect(!http.client.start())
        let bench = Bench()
        #expect(bench.client.start())
        #expect(!bench.client.start(), "already started")
    }

    @Test func aNewReconnectTimeoutAppliesToTheNextWait() {
        let bench = Bench()
        bench.connection.refuses = true
        bench.client.onEvent = { [unowned bench] event in
            bench.events.append(event)
            if event.kind == .disconnected { bench.client.setReconnectTimeout(milliseconds: 500) }
        }
        bench.run(for: 1800)
        #expect(bench.kinds.filter { $0 == .beforeConnect }.count == 4, "every 500 ms instead of 10 s")
    }
}
