// SPDX-License-Identifier: MIT
import Foundation

/// Servers on 127.0.0.1 for firmware to talk to through slirp (as 10.0.2.2): each runs on its own threads
/// until `stop()` and listens on a port the kernel picks.
public final class LoopbackServer: @unchecked Sendable {
    public enum Kind: Sendable {
        /// TCP: echoes every byte back until the client closes, then closes.
        case tcpEcho
        /// TCP: accepts, then resets the connection (SO_LINGER 0).
        case tcpReset
        /// UDP: sends every datagram back to its sender.
        case udpEcho
        /// UDP: answers SNTP requests with the time `seconds` since 1970.
        case sntp(seconds: UInt32)
    }

    public let port: UInt16
    private let socket: Int32

    public init(_ kind: Kind) throws {
        let isUDP: Bool
        switch kind {
        case .udpEcho, .sntp: isUDP = true
        case .tcpEcho, .tcpReset: isUDP = false
        }
        let socket = Foundation.socket(AF_INET, Int32(isUDP ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = TCPClient.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && (isUDP || listen(socket, 8) == 0)
                    && getsockname(socket, $0, &length) == 0
            }
        }
        guard ready else {
            Foundation.close(socket)
            throw TCPClient.Failure(description: "cannot set up a loopback server")
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [socket] in
            switch kind {
            case .tcpEcho: LoopbackServer.acceptLoop(socket) { LoopbackServer.echo($0) }
            case .tcpReset: LoopbackServer.acceptLoop(socket) { LoopbackServer.reset($0) }
            case .udpEcho: LoopbackServer.datagramLoop(socket) { $0 }
            case .sntp(let seconds):
                LoopbackServer.datagramLoop(socket) { LoopbackServer.sntpReply(to: $0, seconds: seconds) }
            }
        }
        thread.start()
    }

    deinit { stop() }

    /// Ends the server (its threads notice and return).
    public func stop() { shutdown(socket, Int32(SHUT_RDWR)) }

    private static func acceptLoop(_ listener: Int32, serve: @escaping @Sendable (Int32) -> Void) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            Thread { serve(client) }.start()
        }
    }

    private static func echo(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let sent = buffer[offset..<count].withUnsafeBytes {
                    send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { break }
                offset += sent
            }
        }
        close(client)
    }

    private static func reset(_ client: Int32) {
        var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        Thread.sleep(forTimeInterval: 0.05)
        close(client)
    }

    private static func datagramLoop(_ socket: Int32, answer: ([UInt8]) -> [UInt8]?) {
        var buffer = [UInt8](repeating: 0, count: 2048)
        while true {
            var from = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(socket, bytes.baseAddress, bytes.count, 0, $0, &length)
                    }
                }
            }
            guard count > 0 else { return }
            guard let reply = answer(Array(buffer[0..<count])) else { continue }
            _ = reply.withUnsafeBytes { bytes in
                withUnsafePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socket, bytes.baseAddress, bytes.count, 0, $0, length)
                    }
                }
            }
        }
    }

    /// An SNTP server's answer (RFC 4330): version 4, mode 4, stratum 1, the client's transmit time as the
    /// originate time, and `seconds` as the receive and transmit times.
    private static func sntpReply(to request: [UInt8], seconds: UInt32) -> [UInt8]? {
        guard request.count >= 48, request[0] & 0x7 == 3 else { return nil }  // mode 3: client
        let ntpSeconds = UInt64(seconds) + 2_208_988_800  // 1900 → 1970
        let timestamp: [UInt8] = (0..<4).map { UInt8(ntpSeconds >> (24 - 8 * UInt64($0)) & 0xFF) } + [0x80, 0, 0, 0]
        var reply = [UInt8](repeating: 0, count: 48)
        reply[0] = 0x24  // leap 0, version 4, mode 4
        reply[1] = 1  // stratum 1
        reply[2] = request[2]
        reply[3] = 0xEC  // precision
        reply.replaceSubrange(12..<16, with: Array("GPS\0".utf8))
        reply.replaceSubrange(16..<24, with: timestamp)  // reference
        reply.replaceSubrange(24..<32, with: request[40..<48])  // originate = the client's transmit time
        reply.replaceSubrange(32..<40, with: timestamp)  // receive
        reply.replaceSubrange(40..<48, with: timestamp)  // transmit
        return reply
    }
}
