// SPDX-License-Identifier: MIT
// Where a client connects, from its configuration, with esp_websocket_client's precedence (esp_ws_api.md
// §4.1): the `transport` field gives the scheme, the URI overrides scheme/host/port/path/userinfo, explicit
// fields override the URI again, and a client without a scheme speaks ws. Port 0 means the scheme's default.

public enum WebSocketTransportKind: Sendable {
    case unknown, tcp, ssl
}

public struct WebSocketEndpoint: Equatable, Sendable {
    public var scheme: [UInt8]?
    public var host: [UInt8]?
    /// 0: the scheme's default (80 for ws, 443 for wss).
    public var port = 0
    public var path: [UInt8]?
    public var username: [UInt8]?
    public var password: [UInt8]?

    public init() {}

    /// The configuration fields that decide the endpoint (nil/0: not set).
    public struct Fields {
        public var uri: [UInt8]?
        public var host: [UInt8]?
        public var port = 0
        public var path: [UInt8]?
        public var username: [UInt8]?
        public var password: [UInt8]?
        public var transport = WebSocketTransportKind.unknown

        public init() {}
    }

    /// The endpoint a configuration describes, or nil if its URI does not parse.
    public init?(_ fields: Fields) {
        switch fields.transport {
        case .tcp: scheme = ASCII.bytes("ws")
        case .ssl: scheme = ASCII.bytes("wss")
        case .unknown: break
        }
        if let uri = fields.uri, !apply(uri: uri) { return nil }
        if let host = fields.host { self.host = host }
        if fields.port != 0 { port = fields.port }
        if let username = fields.username { self.username = username }
        if let password = fields.password { self.password = password }
        if let path = fields.path { self.path = path }
        if scheme == nil { scheme = ASCII.bytes("ws") }
    }

    /// Takes the parts `uri` has (esp_websocket_client_set_uri); false, and no change, if it does not parse.
    /// A redirect passes `resettingPort` so that a Location without a port means the default port.
    @discardableResult
    public mutating func apply(uri text: [UInt8], resettingPort: Bool = false) -> Bool {
        guard let uri = WebSocketURI.parse(text) else { return false }
        if resettingPort { port = 0 }
        if let scheme = uri.scheme { self.scheme = scheme }
        if let host = uri.host { self.host = host }
        if let port = uri.port { self.port = port }
        switch (uri.path, uri.query) {
        case (let path?, let query?): self.path = path + [UInt8(ascii: "?")] + query
        case (let path?, nil): self.path = path
        case (nil, let query?): self.path = [UInt8(ascii: "/"), UInt8(ascii: "?")] + query
        case (nil, nil): break
        }
        if let userinfo = uri.userinfo {
            if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
                username = Array(userinfo[..<colon])
                password = Array(userinfo[(colon + 1)...])
            } else {
                username = userinfo
            }
        }
        return true
    }

    public var isSecure: Bool { scheme.map { ASCII.equalsIgnoringCase($0, "wss") } ?? false }
    /// Only ws and wss (any case) can be connected to.
    public var isSupported: Bool { isSecure || (scheme.map { ASCII.equalsIgnoringCase($0, "ws") } ?? false) }
    public var connectPort: Int { port != 0 ? port : isSecure ? 443 : 80 }
    public var requestPath: [UInt8] { path ?? [UInt8(ascii: "/")] }

    /// `Basic base64(user:password)`, when both are known (only then is Authorization sent).
    public var basicAuthorization: [UInt8]? {
        guard let username, let password else { return nil }
        return ASCII.bytes("Basic ") + Base64.encode(username + [UInt8(ascii: ":")] + password)
    }
}
