// SPDX-License-Identifier: MIT

/// Hex helpers of GDB's remote protocol.
public enum GDBHex {
    /// A 32-bit value as eight hex digits in target (little-endian) byte order.
    public static func word(_ value: UInt32) -> String {
        (0..<4).map { byte(UInt8(truncatingIfNeeded: value >> (8 * $0))) }.joined()
    }

    public static func byte(_ value: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4)], digits[Int(value & 15)]])
    }

    public static func bytes(_ values: some Sequence<UInt8>) -> String { values.map(byte).joined() }

    /// Pairs of hex digits as bytes; nil if `text` has an odd length or a non-hex character.
    public static func decode(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let value = UInt8(text[index..<next], radix: 16) else { return nil }
            result.append(value)
            index = next
        }
        return result
    }

    /// Eight hex digits in target byte order as a word; nil if malformed.
    public static func word(_ text: Substring) -> UInt32? {
        guard text.count == 8, let bytes = decode(text) else { return nil }
        return bytes.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) }
    }
}

/// Splits the byte stream from GDB into what it means (remote protocol, "Overview" and "Interrupts"): packets
/// `$payload#xx` with a checksum, acknowledgements, and the Ctrl-C interrupt byte. Never trusts the input: a bad
/// checksum is reported (the stub answers "-"), an over-long packet is dropped, stray bytes are skipped.
public struct RSPFramer: Sendable {
    public enum Event: Equatable, Sendable {
        /// A packet whose checksum matched, with `}` escapes undone (bytes: `X` packets carry binary data).
        case packet([UInt8])
        /// A packet whose checksum did not match (GDB resends it after a "-").
        case badChecksum
        /// Ctrl-C: stop the running target.
        case interrupt
        case acknowledged
        case rejected
    }

    /// The largest payload accepted (the stub announces it in qSupported as PacketSize).
    public static let maximumPayload = 16384

    private enum State { case idle, payload, checksum(Int) }
    private var state = State.idle
    private var payload: [UInt8] = []
    private var sum: UInt8 = 0
    private var escaped = false
    private var received: UInt8 = 0
    private var overflowed = false

    public init() {}

    /// Feeds bytes from GDB; returns the events they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == UInt8(ascii: "$"), case .checksum = state {
                state = .idle  // a new packet before the old one's checksum: GDB gave up on that one
            }
            if byte == UInt8(ascii: "$") && !escaped, case .payload = state {
                state = .idle  // '$' never appears unescaped inside a payload: a new packet starts
            }
            switch state {
            case .idle:
                switch byte {
                case UInt8(ascii: "$"):
                    state = .payload
                    payload.removeAll(keepingCapacity: true)
                    sum = 0
                    escaped = false
                    overflowed = false
                case 0x03: events.append(.interrupt)
                case UInt8(ascii: "+"): events.append(.acknowledged)
                case UInt8(ascii: "-"): events.append(.rejected)
                default: break  // noise between packets
                }
            case .payload:
                if byte == UInt8(ascii: "#") && !escaped {
                    state = .checksum(0)
                    received = 0
                    continue
                }
                sum &+= byte
                if escaped {
                    append(byte ^ 0x20)
                    escaped = false
                } else if byte == UInt8(ascii: "}") {
                    escaped = true
                } else {
                    append(byte)
                }
            case .checksum(let digits):
                guard let value = UInt8(String(UnicodeScalar(byte)), radix: 16) else {
                    state = .idle
                    events.append(.badChecksum)
                    continue
                }
                received = received << 4 | value
                if digits == 0 {
                    state = .checksum(1)
                } else {
                    state = .idle
                    if received != sum || overflowed {
                        events.append(.badChecksum)
                    } else {
                        events.append(.packet(payload))
                    }
                }
            }
        }
        return events
    }

    private mutating func append(_ byte: UInt8) {
        guard payload.count < RSPFramer.maximumPayload else {
            overflowed = true
            return
        }
        payload.append(byte)
    }

    /// `payload` framed for sending: `$`, the payload with `#$}*` escaped, `#` and the checksum.
    public static func frame(_ payload: String) -> [UInt8] {
        var body: [UInt8] = []
        for byte in payload.utf8 {
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "}")
                || byte == UInt8(ascii: "*")
            {
                body += [UInt8(ascii: "}"), byte ^ 0x20]
            } else {
                body.append(byte)
            }
        }
        let checksum = body.reduce(UInt8(0), &+)
        return [UInt8(ascii: "$")] + body + [UInt8(ascii: "#")] + Array(GDBHex.byte(checksum).utf8)
    }
}
