// SPDX-License-Identifier: MIT
import Foundation
import WebSocketCore

/// A TCP connection through the host's sockets, for interop tests against real servers (the firmware has
/// its own, over lwIP). Only numeric IPv4 hosts: the tests use 127.0.0.1.
final class SocketConnection: WebSocketConnection {
    private var socket: Int32 = -1
    private(set) var lastErrno: Int32 = 0

    func open(host: [UInt8], port: Int, secure: Bool, timeoutMilliseconds: Int) -> Bool {
        guard !secure else {  // plain TCP only: TLS is the firmware's (esp-tls over mbedtls)
            lastErrno = EPROTONOSUPPORT
            return false
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, String(decoding: host, as: UTF8.self), &address.sin_addr) == 1 else {
            lastErrno = EINVAL
            return false
        }
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            lastErrno = errno
            close()
            return false
        }
        return true
    }

    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int {
        var offset = 0
        while offset < bytes.count {
            guard wait(for: Int16(POLLOUT), milliseconds: timeoutMilliseconds) else { return 0 }
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else {
                lastErrno = errno
                return -1
            }
            offset += sent
        }
        return offset
    }

    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]? {
        guard socket >= 0 else { return nil }
        guard wait(for: Int16(POLLIN), milliseconds: timeoutMilliseconds) else { return [] }
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            lastErrno = count == 0 ? 0 : errno
            return nil
        }
        return Array(buffer[0..<count])
    }

    func close() {
        if socket >= 0 { Foundation.close(socket) }
        socket = -1
    }

    private func wait(for events: Int16, milliseconds: Int) -> Bool {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        return poll(&descriptor, 1, Int32(milliseconds < 0 ? -1 : milliseconds)) > 0
    }
}

/// The host's monotonic clock.
final class SystemClock: WebSocketClock {
    private let start = ContinuousClock.now
    var milliseconds: Int64 { Int64((ContinuousClock.now - start) / .milliseconds(1)) }
    func wait(milliseconds: Int64) { Thread.sleep(forTimeInterval: Double(milliseconds) / 1000) }
    func wake() {}
}
