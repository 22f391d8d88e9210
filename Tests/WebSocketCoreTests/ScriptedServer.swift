// SPDX-License-Identifier: MIT
import WebSocketCore

/// Virtual time for the client: waits and read timeouts advance it, nothing sleeps.
final class VirtualClock: WebSocketClock {
    var milliseconds: Int64 = 0
    func wait(milliseconds: Int64) { self.milliseconds += milliseconds }
    func wake() {}
}

/// A connection whose far end the test plays: it answers the upgrade (correctly unless told otherwise),
/// queues what the server sends, records and decodes what the client sends, and fails on request.
final class ScriptedConnection: WebSocketConnection {
    let clock: VirtualClock
    var lastErrno: Int32 = 0
    /// Refuse connection attempts (ECONNREFUSED).
    var refuses = false
    /// The upgrade response for a request's key; nil keeps the connection silent.
    var answer: ([UInt8]) -> [UInt8]? = { key in
        ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ")
            + Handshake.expectedAccept(for: key) + ascii("\r\n\r\n")
    }
    /// Bytes on their way to the client.
    var toClient: [UInt8] = []
    /// The server closed its side (reads end once `toClient` is drained).
    var peerClosed = false
    var failsWrites = false
    /// Writes time out (the socket never becomes writable): 0 bytes.
    var writesTimeOut = false
    private(set) var opened: [(host: String, port: Int)] = []
    private(set) var isOpen = false
    /// Frames the client sent after the handshake: (opcode byte with FIN, unmasked payload).
    private(set) var clientFrames: [(first: UInt8, payload: [UInt8])] = []
    private var handshakeDone = false
    private var pendingClientBytes: [UInt8] = []

    init(clock: VirtualClock) { self.clock = clock }

    func open(host: [UInt8], port: Int, secure: Bool, timeoutMilliseconds: Int) -> Bool {
        if refuses {
            lastErrno = 111
            return false
        }
        opened.append((text(host), port))
        isOpen = true
        handshakeDone = false
        peerClosed = false
        toClient = []
        return true
    }

    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int {
        guard isOpen else { return -1 }
        if failsWrites {
            lastErrno = 32
            return -1
        }
        if writesTimeOut { return 0 }
        if !handshakeDone {
            handshakeDone = true
            let marker = ascii("Sec-WebSocket-Key: ")
            if let start = (0...(bytes.count - marker.count)).first(where: {
                bytes[$0..<($0 + marker.count)].elementsEqual(marker)
            }) {
                let key = Array(bytes[(start + marker.count)..<(start + marker.count + 24)])
                if let response = answer(key) { toClient += response }
            }
            return bytes.count
        }
        pendingClientBytes += bytes
        decodeClientFrames()
        return bytes.count
    }

    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]? {
        guard isOpen else { return nil }
        if !toClient.isEmpty {
            let taken = Array(toClient.prefix(maximum))
            toClient.removeFirst(taken.count)
            return taken
        }
        if peerClosed { return nil }
        clock.milliseconds += Int64(timeoutMilliseconds)
        return []
    }

    func close() { isOpen = false }

    /// A server frame (unmasked).
    func send(_ first: UInt8, _ payload: [UInt8]) {
        var frame: [UInt8] = [first]
        if payload.count <= 125 {
            frame.append(UInt8(payload.count))
        } else {
            frame += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        toClient += frame + payload
    }

    private func decodeClientFrames() {
        while pendingClientBytes.count >= 6 {
            let length = Int(pendingClientBytes[1] & 0x7F)
            let header = length == 126 ? 8 : length == 127 ? 14 : 6
            var payloadLength = length
            if length == 126 { payloadLength = Int(pendingClientBytes[2]) << 8 | Int(pendingClientBytes[3]) }
            if length == 127 { payloadLength = pendingClientBytes[2..<10].reduce(0) { $0 << 8 | Int($1) } }
            guard pendingClientBytes[1] & 0x80 != 0, pendingClientBytes.count >= header + payloadLength else { return }
            let mask = Array(pendingClientBytes[(header - 4)..<header])
            let payload = pendingClientBytes[header..<(header + payloadLength)].enumerated().map { $1 ^ mask[$0 & 3] }
            clientFrames.append((pendingClientBytes[0], payload))
            pendingClientBytes.removeFirst(header + payloadLength)
        }
    }
}
