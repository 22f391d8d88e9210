// SPDX-License-Identifier: MIT
// URIs as esp_websocket_client reads them (esp_ws_api.md §4.1): `scheme://[userinfo@]host[:port][/path][?query]`
// with the fragment ignored, or a bare `/path`. The host may be an IPv6 literal in brackets (kept without
// them). What does not parse — no scheme, no host after `://`, a port that is not 1–65535 digits, control
// characters — is rejected.

public struct WebSocketURI: Equatable, Sendable {
    public var scheme: [UInt8]?
    public var userinfo: [UInt8]?
    public var host: [UInt8]?
    public var port: Int?
    public var path: [UInt8]?
    public var query: [UInt8]?

    public static func parse(_ text: [UInt8]) -> WebSocketURI? {
        guard !text.isEmpty, !text.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return nil }
        var uri = WebSocketURI()
        var rest = text[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<hash] }
        if rest.first != UInt8(ascii: "/") {
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), colon > rest.startIndex,
                rest[..<colon].allSatisfy(ASCII.isAlpha),
                rest[colon...].starts(with: [UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "/")])
            else { return nil }
            uri.scheme = Array(rest[..<colon])
            rest = rest[(colon + 3)...]
            let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
            guard parseAuthority(rest[..<authorityEnd], into: &uri) else { return nil }
            rest = rest[authorityEnd...]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            uri.query = Array(rest[(question + 1)...])
            rest = rest[..<question]
        }
        if !rest.isEmpty { uri.path = Array(rest) }
        return uri
    }

    private static func parseAuthority(_ authority: ArraySlice<UInt8>, into uri: inout WebSocketURI) -> Bool {
        var hostPart = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            uri.userinfo = Array(authority[..<at])
            hostPart = authority[(at + 1)...]
        }
        var portPart: ArraySlice<UInt8>?
        if hostPart.first == UInt8(ascii: "[") {
            guard let close = hostPart.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostPart[(hostPart.startIndex + 1)..<close]
            guard !literal.isEmpty,
                literal.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return false }
            uri.host = Array(literal)
            let after = hostPart[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { return false }
                portPart = after.dropFirst()
            }
        } else {
            let colon = hostPart.firstIndex(of: UInt8(ascii: ":"))
            let name = hostPart[..<(colon ?? hostPart.endIndex)]
            guard !name.isEmpty, name.allSatisfy(isHostCharacter) else { return false }
            uri.host = Array(name)
            if let colon { portPart = hostPart[(colon + 1)...] }
        }
        if let portPart {
            guard let port = ASCII.parseDecimal(portPart, maximumDigits: 5), port >= 1, port <= 65535 else {
                return false
            }
            uri.port = port
        }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }

    private static func isHostCharacter(_ byte: UInt8) -> Bool {
        ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "%")
    }
}
