// SPDX-License-Identifier: MIT
// The WebSocket client's byte stream over lwIP's TCP sockets (ws_socket.c holds the socket calls). While it
// waits for data it lets go of the client's lock, so that other tasks can send meanwhile, as upstream's
// client polls outside its lock.

@_extern(c, "fw_ws_socket_open") func socketOpen(_ host: UnsafePointer<UInt8>, _ port: Int32, _ timeout: Int32) -> Int32
@_extern(c, "fw_ws_socket_write") func socketWrite(
    _ fd: Int32, _ bytes: UnsafePointer<UInt8>?, _ count: Int32, _ timeout: Int32
) -> Int32
@_extern(c, "fw_ws_socket_wait_readable") func socketWaitReadable(_ fd: Int32, _ timeout: Int32) -> Int32
@_extern(c, "fw_ws_socket_read") func socketRead(
    _ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ maximum: Int32
) -> Int32
@_extern(c, "fw_ws_socket_close") func socketClose(_ fd: Int32)
@_extern(c, "fw_ws_socket_errno") func socketErrno() -> Int32

final class LwIPConnection: WebSocketConnection {
    private var socket: Int32 = -1
    private(set) var lastErrno: Int32 = 0
    /// The client's recursive mutex, released while waiting for data.
    var lock: OpaquePointer?

    func open(host: [UInt8], port: Int, timeoutMilliseconds: Int) -> Bool {
        close()
        let result = (host + [0]).withUnsafeBufferPointer {
            socketOpen($0.baseAddress!, Int32(port), Int32(timeoutMilliseconds))
        }
        guard result >= 0 else {
            lastErrno = -result
            return false
        }
        socket = result
        lastErrno = 0
        return true
    }

    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int {
        guard socket >= 0 else { return -1 }
        let written = bytes.withUnsafeBufferPointer {
            socketWrite(socket, $0.baseAddress, Int32($0.count), Int32(timeoutMilliseconds))
        }
        if written < 0 { lastErrno = socketErrno() }
        return Int(written)
    }

    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]? {
        guard socket >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: maximum)
        var count = buffer.withUnsafeMutableBufferPointer { socketRead(socket, $0.baseAddress, Int32(maximum)) }
        if count == 0 && timeoutMilliseconds != 0 {
            if let lock { _ = xQueueGiveMutexRecursive(lock) }
            let ready = socketWaitReadable(socket, Int32(timeoutMilliseconds))
            if let lock { _ = xQueueTakeMutexRecursive(lock, KernelConfig.maximumDelay) }
            // Closed meanwhile by a failed send in another task, which has reported it: nothing to add.
            guard socket >= 0 else { return [] }
            if ready == 0 { return [] }
            count = buffer.withUnsafeMutableBufferPointer { socketRead(socket, $0.baseAddress, Int32(maximum)) }
            if count == 0 { count = -1 }  // readable with nothing to read: the peer closed
        }
        guard count >= 0 else {
            lastErrno = socketErrno()
            return nil
        }
        return Array(buffer[0..<Int(count)])
    }

    func close() {
        socketClose(socket)
        socket = -1
    }
}

/// The kernel's clock in milliseconds; a wait sleeps on a semaphore that `wake` gives.
final class KernelClock: WebSocketClock {
    private let wakeUp = xQueueGenericCreate(1, 0, QueueType.binary)

    var milliseconds: Int64 { esp_timer_get_time() / 1000 }

    func wait(milliseconds: Int64) {
        _ = xQueueSemaphoreTake(wakeUp, UInt32(clamping: max(milliseconds, 1)))
    }

    func wake() { _ = xQueueGenericSend(wakeUp, nil, 0, SendPosition.back) }

    deinit { vQueueDelete(wakeUp) }
}
