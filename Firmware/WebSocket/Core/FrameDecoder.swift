// SPDX-License-Identifier: MIT
// Frames from the server, decoded from a byte stream into chunks the way esp_websocket_client delivers them
// (esp_ws_api.md §3.4): each frame's payload in chunks of at most the buffer size — always as full as the
// bytes allow, so that a 2000-byte frame is 1024 + 976 whatever TCP did to it — each chunk labelled with
// the frame's opcode, FIN, total length and offset; control frames in one piece. Server frames may be
// masked or not. Protocol violations are errors: RSV bits, reserved opcodes, fragmented or over-long
// control frames, 64-bit lengths of 2^31 or more, and (stricter than upstream) continuations that do not
// continue anything or data frames that interrupt a fragmented message.

public struct FrameDecoder {
    public struct Chunk: Equatable, Sendable {
        public var opcode: UInt8
        public var fin: Bool
        /// The whole frame's payload length, and where this chunk starts in it.
        public var payloadLength: Int
        public var offset: Int
        public var data: [UInt8]
    }

    public enum Violation: Error, Equatable {
        case reservedBits
        case reservedOpcode(UInt8)
        case fragmentedControlFrame
        case controlFrameTooLong
        case controlFrameLargerThanBuffer
        case lengthTooLarge
        case unexpectedContinuation
        case expectedContinuation

        public var message: StaticString {
            switch self {
            case .reservedBits: "a frame with RSV bits set (no extension was negotiated)"
            case .reservedOpcode: "a frame with a reserved opcode"
            case .fragmentedControlFrame: "a fragmented control frame"
            case .controlFrameTooLong: "a control frame longer than 125 bytes"
            case .controlFrameLargerThanBuffer: "a control frame larger than the receive buffer"
            case .lengthTooLarge: "a frame of 2^31 bytes or more"
            case .unexpectedContinuation: "a continuation frame outside a fragmented message"
            case .expectedContinuation: "a new message inside a fragmented one"
            }
        }
    }

    private struct Frame {
        var opcode: UInt8
        var fin: Bool
        var length: Int
        var mask: [UInt8]?
        var offset = 0
    }

    /// The largest chunk (esp_websocket_client's buffer_size).
    public let chunkSize: Int
    private var pending: [UInt8] = []
    private var start = 0
    private var frame: Frame?
    private var insideFragmentedMessage = false

    public init(chunkSize: Int) { self.chunkSize = max(chunkSize, 1) }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 && start >= pending.count / 2 {
            pending.removeFirst(start)
            start = 0
        }
        pending += bytes
    }

    /// Bytes received but not yet handed out.
    public var bufferedByteCount: Int { pending.count - start }
    /// Whether a frame has begun and not all of its payload has been handed out.
    public var isInsideFrame: Bool { frame != nil }

    /// The next chunk, or nil until enough bytes have arrived.
    public mutating func next() throws(Violation) -> Chunk? {
        if frame == nil {
            guard let header = try readHeader() else { return nil }
            frame = header
        }
        guard var current = frame else { return nil }
        let remaining = current.length - current.offset
        let isControl = current.opcode >= 0x8
        let want = isControl ? remaining : min(chunkSize, remaining)
        guard bufferedByteCount >= want else { return nil }
        var data = Array(pending[start..<(start + want)])
        if let mask = current.mask {
            for index in data.indices { data[index] ^= mask[(current.offset + index) & 3] }
        }
        start += want
        let chunk = Chunk(
            opcode: current.opcode, fin: current.fin, payloadLength: current.length, offset: current.offset,
            data: data)
        current.offset += want
        frame = current.offset == current.length ? nil : current
        return chunk
    }

    private mutating func readHeader() throws(Violation) -> Frame? {
        guard bufferedByteCount >= 2 else { return nil }
        let first = pending[start], second = pending[start + 1]
        var headerLength = 2
        var length = Int(second & 0x7F)
        if length == 126 { headerLength += 2 } else if length == 127 { headerLength += 8 }
        let masked = second & 0x80 != 0
        if masked { headerLength += 4 }
        guard bufferedByteCount >= headerLength else { return nil }
        let opcode = first & 0x0F, fin = first & 0x80 != 0
        guard first & 0x70 == 0 else { throw .reservedBits }
        guard [0, 1, 2, 8, 9, 10].contains(opcode) else { throw .reservedOpcode(opcode) }
        var position = start + 2
        if length == 126 {
            length = Int(pending[position]) << 8 | Int(pending[position + 1])
            position += 2
        } else if length == 127 {
            var value: UInt64 = 0
            for index in 0..<8 { value = value << 8 | UInt64(pending[position + index]) }
            guard value < 1 << 31 else { throw .lengthTooLarge }
            length = Int(value)
            position += 8
        }
        if opcode >= 0x8 {
            guard fin else { throw .fragmentedControlFrame }
            guard length <= 125 else { throw .controlFrameTooLong }
            guard length <= chunkSize else { throw .controlFrameLargerThanBuffer }
        } else if opcode == 0 {
            guard insideFragmentedMessage else { throw .unexpectedContinuation }
            insideFragmentedMessage = !fin
        } else {
            guard !insideFragmentedMessage else { throw .expectedContinuation }
            insideFragmentedMessage = !fin
        }
        let mask = masked ? Array(pending[position..<(position + 4)]) : nil
        start = position + (masked ? 4 : 0)
        return Frame(opcode: opcode, fin: fin, length: length, mask: mask)
    }
}
