// SPDX-License-Identifier: MIT
// The WebSocket protocol core (Firmware/WebSocket/Core) in Embedded Swift on the ESP32: the same source the
// host tests exercise, here compiled for Xtensa and run — URI precedence, the handshake's Accept
// derivation and request, frames out and back, and a whole client session over an in-memory connection.
// Prints "ws_core: <check> ok|FAILED" per check and "ws_core: done".

@_extern(c, "fw_console_write") func consoleWrite(_ bytes: UnsafePointer<UInt8>, _ count: Int)

func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { consoleWrite($0.baseAddress!, $0.count) } }
func write(_ text: StaticString) { consoleWrite(text.utf8Start, text.utf8CodeUnitCount) }

func ascii(_ text: StaticString) -> [UInt8] {
    Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

func report(_ name: StaticString, _ ok: Bool) {
    write("ws_core: ")
    write(name)
    write(ok ? " ok\n" : " FAILED\n")
}

/// A server that answers the handshake and echoes one text frame, then closes after the client's CLOSE.
final class LoopbackConnection: WebSocketConnection {
    var incoming: [UInt8] = []
    var outgoing: [UInt8] = []
    var isOpen = false
    var lastErrno: Int32 = 0

    func open(host: [UInt8], port: Int, secure: Bool, timeoutMilliseconds: Int) -> Bool {
        isOpen = true
        return true
    }

    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int {
        outgoing += bytes
        if let keyStart = ASCII.firstIndex(of: ascii("Sec-WebSocket-Key: "), in: outgoing) {
            let key = Array(outgoing[(keyStart + 19)..<(keyStart + 43)])
            incoming += ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ")
            incoming += Handshake.expectedAccept(for: key) + ascii("\r\n\r\n")
            incoming += [0x81, 5] + ascii("hello")  // a text frame right behind the 101
            incoming += [0x88, 2, 0x03, 0xE8]  // then the server's CLOSE 1000
            outgoing = []
        }
        return bytes.count
    }

    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]? {
        guard isOpen else { return nil }
        if incoming.isEmpty { return nil }  // the server closed
        let taken = Array(incoming.prefix(maximum))
        incoming.removeFirst(taken.count)
        return taken
    }

    func close() { isOpen = false }
}

final class CountingClock: WebSocketClock {
    var milliseconds: Int64 = 0
    func wait(milliseconds: Int64) { self.milliseconds += milliseconds }
    func wake() {}
}

@c public func app_main() {
    var fields = WebSocketEndpoint.Fields()
    fields.uri = ascii("ws://user:secret@echo.local:8080/chat?room=1")
    fields.port = 9000
    let endpoint = WebSocketEndpoint(fields)
    report(
        "uri-precedence",
        endpoint?.host == ascii("echo.local") && endpoint?.connectPort == 9000
            && endpoint?.requestPath == ascii("/chat?room=1")
            && endpoint?.basicAuthorization == ascii("Basic dXNlcjpzZWNyZXQ="))
    var invalid = WebSocketEndpoint.Fields()
    invalid.uri = ascii("INVALID")
    report("uri-rejects-invalid", WebSocketEndpoint(invalid) == nil && WebSocketURI.parse(ascii("host:8080")) == nil)
    report(
        "accept-derivation",
        Handshake.expectedAccept(for: ascii("dGhlIHNhbXBsZSBub25jZQ==")) == ascii("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))

    var decoder = FrameDecoder(chunkSize: 1024)
    let payload = [UInt8](repeating: 0x61, count: 2000)
    for frame in FrameEncoder.message(
        opcode: .text, payload: payload, fin: true, maximumPayload: 1500, nextMask: { 0xA5A5_5A5A })
    {
        decoder.append(frame)
    }
    var sizes: [Int] = []
    while let chunk = try? decoder.next() { sizes.append(chunk.data.count) }
    report("frames-round-trip", sizes == [1024, 476, 500])

    guard let endpoint else { return }
    var configuration = WebSocketClientConfiguration(endpoint: endpoint)
    configuration.autoReconnect = false
    var seed: UInt32 = 7
    let client = WebSocketClient(
        configuration: configuration, connection: LoopbackConnection(), clock: CountingClock(),
        random: {
            seed = seed &* 1_103_515_245 &+ 12345; return seed
        })
    var kinds: [Int32] = []
    client.onEvent = { kinds.append($0.kind.rawValue) }
    _ = client.start()
    while client.runOnce() {}
    // BEGIN, BEFORE_CONNECT, HEADER_RECEIVED (Upgrade), CONNECTED, DATA (hello), DATA (close), CLOSED, FINISH
    report("client-session", kinds == [7, 6, 1, 2, 4, 4, 5, 8])
    write("ws_core: done\n")
}
