// SPDX-License-Identifier: MIT
// The HTTP upgrade (esp_ws_api.md §4.2): the request in ESP-IDF's transport's exact line order, and the
// response read up to its blank line (1023 bytes at most), its status, header lines, Location for redirects
// and Sec-WebSocket-Accept — checked strictly here: a missing, empty or wrong value fails (upstream compares
// only as many bytes as the server sent, so an empty value passes).

public enum Handshake {
    /// The request and the response header must each fit in 1023 bytes (CONFIG_WS_BUFFER_SIZE with its NUL).
    public static let maximumBytes = 1023
    public static let defaultUserAgent: StaticString = "ESP32 Websocket Client"
    static let acceptGUID: StaticString = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    static let redirectStatuses: [Int] = [301, 302, 303, 307, 308]

    /// Sec-WebSocket-Key from 16 random bytes: 24 base64 characters.
    public static func key(random: [UInt8]) -> [UInt8] { Base64.encode(random.prefix(16)) }

    /// What the server must answer for `key`: base64(SHA-1(key + GUID)).
    public static func expectedAccept(for key: [UInt8]) -> [UInt8] {
        Base64.encode(SHA1.digest(key + ASCII.bytes(acceptGUID)))
    }

    public struct Request {
        public var host: [UInt8]
        public var port: Int
        public var path: [UInt8]
        public var userAgent: [UInt8]?
        public var key: [UInt8]
        public var subprotocol: [UInt8]?
        public var authorization: [UInt8]?
        /// Extra header lines, each ending in CRLF, sent verbatim.
        public var headers: [UInt8]?

        public init(host: [UInt8], port: Int, path: [UInt8], key: [UInt8]) {
            self.host = host
            self.port = port
            self.path = path
            self.key = key
        }

        /// The request bytes, or nil if they exceed `maximumBytes`.
        public var bytes: [UInt8]? {
            var text = ASCII.bytes("GET ") + path + ASCII.bytes(" HTTP/1.1\r\nConnection: Upgrade\r\nHost: ")
            text += host + [UInt8(ascii: ":")] + ASCII.decimal(port) + ASCII.bytes("\r\nUser-Agent: ")
            text += (userAgent ?? ASCII.bytes(Handshake.defaultUserAgent))
            text += ASCII.bytes("\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ") + key
            text += ASCII.bytes("\r\n")
            if let subprotocol { text += ASCII.bytes("Sec-WebSocket-Protocol: ") + subprotocol + ASCII.bytes("\r\n") }
            if let authorization { text += ASCII.bytes("Authorization: ") + authorization + ASCII.bytes("\r\n") }
            if let headers { text += headers }
            text += ASCII.bytes("\r\n")
            return text.count <= Handshake.maximumBytes ? text : nil
        }
    }

    public enum Failure: Error, Equatable {
        case headerTooLarge
        case malformedStatusLine
        case duplicateAccept
        case acceptMissing(status: Int)
        case acceptMismatch(status: Int)
        case redirectWithoutLocation(status: Int)

        /// The HTTP status, where one was read (0 otherwise).
        public var status: Int {
            switch self {
            case .acceptMissing(let status), .acceptMismatch(let status), .redirectWithoutLocation(let status): status
            default: 0
            }
        }

        public var message: StaticString {
            switch self {
            case .headerTooLarge: "Header size exceeded buffer size or delimiter not found"
            case .malformedStatusLine: "HTTP upgrade failed"
            case .duplicateAccept: "Sec-WebSocket-Accept appears twice"
            case .acceptMissing: "Sec-WebSocket-Accept not found"
            case .acceptMismatch: "Invalid websocket key"
            case .redirectWithoutLocation: "Redirect without a Location header"
            }
        }
    }

    /// How the handshake ended.
    public enum Outcome: Equatable {
        /// Upgraded; `leftover` are the first bytes of the WebSocket stream (frames piggy-backed on the 101).
        case upgraded(status: Int, headers: [[UInt8]], leftover: [UInt8])
        /// 301/302/303/307/308 with a Location.
        case redirect(status: Int, location: [UInt8])
    }

    /// Collects the response; `feed` answers nil until the header is complete.
    public struct ResponseReader {
        private var received: [UInt8] = []
        private let key: [UInt8]
        /// Exactly one space after the colon, as ESP-IDF's transport matches them.
        private static let acceptPrefix: StaticString = "Sec-WebSocket-Accept: "
        private static let locationPrefix: StaticString = "Location: "

        public init(key: [UInt8]) { self.key = key }

        public mutating func feed(_ bytes: some Collection<UInt8>) throws(Failure) -> Outcome? {
            received += bytes
            guard let end = ASCII.firstIndex(of: [13, 10, 13, 10], in: received), end + 4 <= Handshake.maximumBytes
            else {
                if received.count >= Handshake.maximumBytes { throw .headerTooLarge }
                return nil
            }
            return try interpret(header: received[..<end], leftover: Array(received[(end + 4)...]))
        }

        private func interpret(header: ArraySlice<UInt8>, leftover: [UInt8]) throws(Failure) -> Outcome {
            let lines = header.split(separator: 13, omittingEmptySubsequences: false).map {
                $0.first == 10 ? $0.dropFirst() : $0
            }
            guard let statusLine = lines.first, let status = Self.status(of: statusLine) else {
                throw .malformedStatusLine
            }
            var accept: ArraySlice<UInt8>?
            var location: [UInt8]?
            var headers: [[UInt8]] = []
            for line in lines.dropFirst() where !line.isEmpty {
                if ASCII.hasPrefixIgnoringCase(line, Self.acceptPrefix) {
                    guard accept == nil else { throw .duplicateAccept }
                    accept = line.dropFirst(Self.acceptPrefix.utf8CodeUnitCount)
                    continue
                }
                if ASCII.hasPrefixIgnoringCase(line, Self.locationPrefix) {
                    location = Array(line.dropFirst(Self.locationPrefix.utf8CodeUnitCount))
                }
                headers.append(Array(line))
            }
            if Handshake.redirectStatuses.contains(status) {
                guard let location else { throw .redirectWithoutLocation(status: status) }
                return .redirect(status: status, location: location)
            }
            guard let accept else { throw .acceptMissing(status: status) }
            guard Array(accept) == Handshake.expectedAccept(for: key) else { throw .acceptMismatch(status: status) }
            return .upgraded(status: status, headers: headers, leftover: leftover)
        }

        /// The three digits after "HTTP/x.y ".
        private static func status(of line: ArraySlice<UInt8>) -> Int? {
            guard ASCII.hasPrefixIgnoringCase(line, "HTTP/"), let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                return nil
            }
            let digits = line[(space + 1)...].prefix(3)
            guard digits.count == 3, digits.allSatisfy(ASCII.isDigit) else { return nil }
            return ASCII.parseDecimal(digits)
        }
    }
}
