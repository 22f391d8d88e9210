// SPDX-License-Identifier: MIT
// WebSocket frames (RFC 6455 §5) as esp_websocket_client sends them (esp_ws_api.md §4.3): every frame
// masked with fresh random bytes, 7-, 16- or 64-bit lengths (the upper 32 bits of a 64-bit length are 0), no
// RSV bits, and a message longer than the buffer cut into frames: the first with the message's opcode, the
// rest continuations, FIN only on the last and only when the caller asked for it.

public enum Opcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    public var isControl: Bool { rawValue >= 0x8 }
}

public enum FrameEncoder {
    /// One frame: FIN and `opcode`, the mask bit, the length, the mask key, the masked payload.
    public static func frame(opcode: Opcode, fin: Bool, payload: some Collection<UInt8>, mask: UInt32) -> [UInt8] {
        let length = payload.count
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        frame.reserveCapacity(length + 14)
        if length <= 125 {
            frame.append(0x80 | UInt8(length))
        } else if length <= 0xFFFF {
            frame += [0x80 | 126, UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            frame += [0x80 | 127, 0, 0, 0, 0]
            for shift in stride(from: 24, through: 0, by: -8) {
                frame.append(UInt8(truncatingIfNeeded: length >> shift))
            }
        }
        let key: [UInt8] = [UInt8(mask >> 24), UInt8(mask >> 16 & 0xFF), UInt8(mask >> 8 & 0xFF), UInt8(mask & 0xFF)]
        frame += key
        for (index, byte) in payload.enumerated() { frame.append(byte ^ key[index & 3]) }
        return frame
    }

    /// A message as frames of at most `maximumPayload` bytes each (an empty message is one empty frame).
    public static func message(
        opcode: Opcode, payload: [UInt8], fin: Bool, maximumPayload: Int, nextMask: () -> UInt32
    ) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var offset = 0
        repeat {
            let end = min(payload.count, offset + max(maximumPayload, 1))
            let isLast = end == payload.count
            frames.append(
                frame(
                    opcode: offset == 0 ? opcode : .continuation, fin: isLast && fin, payload: payload[offset..<end],
                    mask: nextMask()))
            offset = end
        } while offset < payload.count
        return frames
    }

    /// A CLOSE payload: the status code (big-endian) and the reason.
    public static func closePayload(code: Int, reason: [UInt8] = []) -> [UInt8] {
        [UInt8(code >> 8 & 0xFF), UInt8(code & 0xFF)] + reason
    }
}
