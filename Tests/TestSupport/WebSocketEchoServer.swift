// SPDX-License-Identifier: MIT
import Foundation

/// A Python WebSocket server on 127.0.0.1, from the venv Tools/setup makes: an echo server
/// (Tests/TestSupport/Servers/echo_server.py) on the `websockets` library or SimpleWebSocketServer, the
/// misbehaving one (rogue_server.py), or a wss:// echo server (tls_echo_server.py). Killed when released.
public final class WebSocketEchoServer: @unchecked Sendable {
    private let process = Process()
    public let port: Int

    /// `kind`: "websockets" or "simple" (echo servers), or "rogue".
    public convenience init(_ kind: String) throws {
        try self.init(
            script: kind == "rogue" ? "rogue_server.py" : "echo_server.py", arguments: kind == "rogue" ? [] : [kind],
            name: kind)
    }

    /// A wss:// echo server with this certificate and key (PEM files); with `clientCA` it demands a client
    /// certificate issued by that CA.
    public convenience init(certificate: URL, key: URL, clientCA: URL? = nil) throws {
        try self.init(
            script: "tls_echo_server.py", arguments: [certificate.path, key.path] + (clientCA.map { [$0.path] } ?? []),
            name: "TLS")
    }

    private init(script: String, arguments: [String], name kind: String) throws {
        let servers = Repository.root.appendingPathComponent("Tests/TestSupport/Servers")
        process.executableURL = Repository.cache.appendingPathComponent("venv/bin/python")
        process.arguments = [servers.appendingPathComponent(script).path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TCPClient.Failure(description: "the \(kind) server did not start: '\(line)' \(problem)")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child of a Foundation Process may inherit blocked signals and never see SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
