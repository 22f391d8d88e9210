// SPDX-License-Identifier: MIT
import Foundation

/// A loopback TCP server socket for tests that check whether the emulated guest reaches the host.
public final class TCPListener: @unchecked Sendable {
    private let socket: Int32
    public let port: UInt16

    /// Listens on 127.0.0.1 at a port the kernel picks.
    public init() throws {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = TCPClient.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && listen(socket, 8) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else {
            Foundation.close(socket)
            throw TCPClient.Failure(description: "cannot listen on 127.0.0.1")
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { Foundation.close(socket) }

    /// Waits up to `timeout` seconds for a connection; returns whether one came (it is closed at once).
    public func acceptsConnection(within timeout: TimeInterval) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return false }
        let connection = accept(socket, nil, nil)
        guard connection >= 0 else { return false }
        Foundation.close(connection)
        return true
    }
}
