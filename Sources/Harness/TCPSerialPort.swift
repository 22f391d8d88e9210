// SPDX-License-Identifier: MIT
import Foundation

/// A UART exposed as a TCP server on the loopback interface (`--uart0 tcp:PORT`), like QEMU's
/// `-serial tcp::PORT,server`: one client at a time; its bytes go to the UART, the UART's output goes to it.
/// Output while no client is connected is dropped. Listens on 127.0.0.1 only.
public final class TCPSerialPort: @unchecked Sendable {
    public let port: UInt16
    private let listener: Int32
    private let input: HostInput
    private let lock = NSLock()
    private var client: Int32 = -1
    private let connected = DispatchSemaphore(value: 0)

    /// Listens on 127.0.0.1:`port` (0 picks a free port; `port` then tells which).
    public init(port: UInt16, input: HostInput) throws {
        self.input = input
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TCPSerialPortError.system("socket", errno) }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 1) == 0 else {
            let error = errno
            close(socket)
            throw TCPSerialPortError.system("cannot listen on 127.0.0.1:\(port)", error)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = socket
        let thread = Thread { [self] in acceptClients() }
        thread.start()
    }

    /// Blocks until the first client connects (`tcp:PORT` without `nowait`).
    public func waitForClient() {
        connected.wait()
        connected.signal()
    }

    /// Sends UART output to the client, if one is connected.
    public func write(_ bytes: [UInt8]) {
        let socket = lock.withLock { client }
        guard socket >= 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return }  // the reader thread notices the disconnect
            offset += sent
        }
    }

    private func acceptClients() {
        while true {
            let socket = accept(listener, nil, nil)
            if socket < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.withLock { client = socket }
            connected.signal()
            // The input stays open while the client is connected; a disconnect lets the next one in.
            let finished = DispatchSemaphore(value: 0)
            input.attach(fileDescriptor: socket) { finished.signal() }
            finished.wait()
            lock.withLock { client = -1 }
            close(socket)
        }
    }
}

public enum TCPSerialPortError: Error, CustomStringConvertible {
    case system(String, Int32)

    public var description: String {
        switch self {
        case .system(let what, let code): "\(what): \(String(cString: strerror(code)))"
        }
    }
}
