// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing
import WebSocketServer

/// The demo's in-process echo server, checked with an independent client (Python `websockets`,
/// Tests/TestSupport/Servers/probe_echo_server.py).
@Suite struct EchoWebSocketServerTests {
    @Test func itEchoesAnswersPingAndCloseAndCountsWhatItSaw() throws {
        let server = try EchoWebSocketServer()
        let probe = try ProcessRunner.run(
            Repository.cache.appendingPathComponent("venv/bin/python").path,
            [
                Repository.root.appendingPathComponent("Tests/TestSupport/Servers/probe_echo_server.py").path,
                "\(server.port)",
            ], timeout: 30)
        #expect(probe.status == 0, "\(probe.combinedOutput)")
        #expect(
            probe.standardOutput.split(separator: "\n") == [
                "text hello", "binary 00010203040506070809", "fragmented fragmented", "large 100000", "pong True",
                "close 1000", "plain-http 426",
            ], "\(probe.combinedOutput)")
        let statistics = server.statistics
        #expect(statistics.connections == 1 && statistics.textMessages == 3 && statistics.binaryMessages == 1)
        #expect(statistics.bytesEchoed == 5 + 10 + 10 + 100_000 && statistics.pings == 1)
        #expect(statistics.closeCodes == [4001])
        #expect(server.clientCount == 0)
    }

    @Test func pushesGoToEveryConnectedClientAndAPortInUseIsAnError() throws {
        let server = try EchoWebSocketServer()
        #expect(try server.push(text: "nobody listens") == 0)
        #expect(throws: (any Error).self) { try EchoWebSocketServer(port: server.port) }
        server.shutdown()
        server.shutdown()  // a second shutdown (and the deinit's) does nothing
    }
}
