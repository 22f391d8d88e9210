// SPDX-License-Identifier: MIT
import Foundation

/// A blocking loopback TCP client for tests that talk to the emulator's TCP endpoints.
public final class TCPClient: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let socket: Int32
    private var received: [UInt8] = []

    private init(socket: Int32) { self.socket = socket }

    /// A port that was free a moment ago (bind to port 0, read it back, close).
    public static func freePort() throws -> UInt16 {
        let probe = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Foundation.close(probe) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure(description: "cannot bind a probe socket") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Connects to 127.0.0.1:`port`, retrying until the server listens or `timeout` seconds pass.
    public static func connect(port: UInt16, timeout: TimeInterval) throws -> TCPClient {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if result == 0 { return TCPClient(socket: socket) }
            Foundation.close(socket)
            guard Date() < deadline else { throw Failure(description: "nothing listens on 127.0.0.1:\(port)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    public func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count
        else {
            throw Failure(description: "send failed")
        }
    }

    /// Reads until `marker` has arrived and returns everything up to and including it.
    public func read(until marker: String, timeout: TimeInterval) throws -> String {
        let needle = Array(marker.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = received.firstRange(of: needle) {
                defer { received.removeFirst(range.upperBound) }
                return String(decoding: received[..<range.upperBound], as: UTF8.self)
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw Failure(
                    description: "\"\(marker)\" did not arrive; got: \(String(decoding: received, as: UTF8.self))")
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw Failure(
                    description:
                        "connection closed before \"\(marker)\"; got: \(String(decoding: received, as: UTF8.self))")
            }
            received += buffer[..<count]
        }
    }

    public func close() { Foundation.close(socket) }
}
