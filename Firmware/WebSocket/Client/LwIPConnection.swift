// SPDX-License-Identifier: MIT
// The WebSocket client's byte stream over lwIP: plain TCP for ws://, esp-tls (mbedtls) for wss:// (ws_transport.c
// holds the socket and TLS calls). While it waits for data it lets go of the client's lock, so that other tasks
// can send meanwhile, as upstream's client polls outside its lock.

@_extern(c, "fw_ws_transport_open") func transportOpen(
    _ host: UnsafePointer<UInt8>, _ port: Int32, _ timeout: Int32, _ tlsConfiguration: OpaquePointer?,
    _ failure: UnsafeMutablePointer<Int32>
) -> OpaquePointer?
@_extern(c, "fw_ws_transport_write") func transportWrite(
    _ transport: OpaquePointer, _ bytes: UnsafePointer<UInt8>?, _ count: Int32, _ timeout: Int32
) -> Int32
@_extern(c, "fw_ws_transport_wait_readable") func transportWaitReadable(
    _ transport: OpaquePointer, _ timeout: Int32
)
    -> Int32
@_extern(c, "fw_ws_transport_read") func transportRead(
    _ transport: OpaquePointer, _ buffer: UnsafeMutablePointer<UInt8>?, _ maximum: Int32
) -> Int32
@_extern(c, "fw_ws_transport_close") func transportClose(_ transport: OpaquePointer?)
@_extern(c, "fw_ws_transport_errno") func transportErrno() -> Int32

/// Why the last open failed at the TLS layer (esp-tls's error record), for the client's ERROR and DISCONNECTED.
struct TLSFailure {
    var espError: Int32 = 0
    var stackError: Int32 = 0
    var verifyFlags: Int32 = 0
}

final class LwIPConnection: WebSocketConnection {
    private var transport: OpaquePointer?
    private(set) var lastErrno: Int32 = 0
    private(set) var lastTLSFailure = TLSFailure()
    /// The client's recursive mutex, released while waiting for data.
    var lock: OpaquePointer?
    /// The esp_tls_cfg_t built from the client's configuration (esp_websocket_client.c), for wss://.
    var tlsConfiguration: OpaquePointer?

    func open(host: [UInt8], port: Int, secure: Bool, timeoutMilliseconds: Int) -> Bool {
        close()
        var failure: [Int32] = [0, 0, 0, 0]
        let opened = (host + [0]).withUnsafeBufferPointer { name in
            failure.withUnsafeMutableBufferPointer {
                transportOpen(
                    name.baseAddress!, Int32(port), Int32(timeoutMilliseconds), secure ? tlsConfiguration : nil,
                    $0.baseAddress!)
            }
        }
        lastErrno = failure[0]
        lastTLSFailure = TLSFailure(espError: failure[1], stackError: failure[2], verifyFlags: failure[3])
        transport = opened
        return opened != nil
    }

    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int {
        guard let transport else { return -1 }
        let written = bytes.withUnsafeBufferPointer {
            transportWrite(transport, $0.baseAddress, Int32($0.count), Int32(timeoutMilliseconds))
        }
        if written < 0 { lastErrno = transportErrno() }
        return Int(written)
    }

    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]? {
        guard let transport else { return nil }
        var buffer = [UInt8](repeating: 0, count: maximum)
        var count = buffer.withUnsafeMutableBufferPointer { transportRead(transport, $0.baseAddress, Int32(maximum)) }
        if count == 0 && timeoutMilliseconds != 0 {
            if let lock { _ = xQueueGiveMutexRecursive(lock) }
            let ready = transportWaitReadable(transport, Int32(timeoutMilliseconds))
            if let lock { _ = xQueueTakeMutexRecursive(lock, KernelConfig.maximumDelay) }
            // Closed meanwhile by a failed send in another task, which has reported it: nothing to add.
            guard let current = self.transport, current == transport else { return [] }
            if ready == 0 { return [] }
            count = buffer.withUnsafeMutableBufferPointer { transportRead(transport, $0.baseAddress, Int32(maximum)) }
            // Readable with nothing to read: the peer closed (for TLS, a record may still be incomplete).
            if count == 0 && ready < 0 { count = -1 }
        }
        guard count >= 0 else {
            lastErrno = transportErrno()
            return nil
        }
        return Array(buffer[0..<Int(count)])
    }

    func close() {
        transportClose(transport)
        transport = nil
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
