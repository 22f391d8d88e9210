// SPDX-License-Identifier: MIT
import Foundation

/// A Python WebSocket echo server on 127.0.0.1 (Tests/TestSupport/Servers/echo_server.py), from the venv
/// Tools/setup makes: the `websockets` library or SimpleWebSocketServer. Killed when released.
public final class WebSocketEchoServer: @unchecked Sendable {
    private let process = Process()
    public let port: Int

    /// `kind`: "websockets" or "simple".
    public init(_ kind: String) throws {
        process.executableURL = Repository.cache.appendingPathComponent("venv/bin/python")
        process.arguments = [
            Repository.root.appendingPathComponent("Tests/TestSupport/Servers/echo_server.py").path, kind,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw TCPClient.Failure(description: "the \(kind) echo server did not start: '\(line)'")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child of a Foundation Process may inherit blocked signals and never see SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
