// SPDX-License-Identifier: MIT
import Testing
import WebSocketCore

/// URI parsing and the precedence rules of esp_websocket_client's configuration (esp_ws_api.md §4.1).
@Suite struct URITests {
    func endpoint(
        uri: String? = nil, host: String? = nil, port: Int = 0, path: String? = nil, username: String? = nil,
        password: String? = nil, transport: WebSocketTransportKind = .unknown
    ) -> WebSocketEndpoint? {
        var fields = WebSocketEndpoint.Fields()
        fields.uri = uri.map(ascii)
        fields.host = host.map(ascii)
        fields.port = port
        fields.path = path.map(ascii)
        fields.username = username.map(ascii)
        fields.password = password.map(ascii)
        fields.transport = transport
        return WebSocketEndpoint(fields)
    }

    @Test func partsOfAURI() throws {
        let uri = try #require(WebSocketURI.parse(ascii("wss://user:pa:ss@example.com:8443/a/b?x=1&y=2#frag")))
        #expect(uri.scheme == ascii("wss") && uri.userinfo == ascii("user:pa:ss") && uri.host == ascii("example.com"))
        #expect(uri.port == 8443 && uri.path == ascii("/a/b") && uri.query == ascii("x=1&y=2"))
        let ipv6 = try #require(WebSocketURI.parse(ascii("ws://[fe80::1]:9000/")))
        #expect(ipv6.host == ascii("fe80::1") && ipv6.port == 9000)
        #expect(WebSocketURI.parse(ascii("/only/a/path"))?.path == ascii("/only/a/path"))
    }

    @Test func invalidURIsAreRejected() {
        for bad in [
            "INVALID", "echo.websocket.org", "host:8080", "ws://", "ws://:80", "ws://host:0", "ws://host:65536",
            "ws://host:", "ws://host:8o", "ws://[::1", "ws://[zz]/", "ws://ho st/", "ws:/host", "1ws://host", "",
            "ws://host/pa\th",
        ] {
            #expect(WebSocketURI.parse(ascii(bad)) == nil, "\(bad)")
            #expect(endpoint(uri: bad) == nil, "\(bad)")
        }
    }

    @Test func explicitFieldsBeatTheURIAndTheURISchemeBeatsTheTransport() throws {
        let overridden = try #require(endpoint(uri: "ws://echo.websocket.org:123", port: 4567))
        #expect(overridden.connectPort == 4567 && overridden.host == ascii("echo.websocket.org"))
        let fields = try #require(
            endpoint(
                uri: "ws://a:b@one:1/uri", host: "two", path: "/field", username: "u", password: "p", transport: .ssl))
        #expect(fields.host == ascii("two") && fields.requestPath == ascii("/field") && fields.connectPort == 1)
        #expect(fields.basicAuthorization == ascii("Basic dTpw"))
        #expect(!fields.isSecure, "the URI said ws, the transport field wss: the URI wins")
        #expect(try #require(endpoint(host: "h", transport: .ssl)).isSecure)
        #expect(try #require(endpoint(host: "h")).scheme == ascii("ws"), "no scheme anywhere: ws")
    }

    @Test func defaultPortsAndPathAssembly() throws {
        #expect(try #require(endpoint(uri: "ws://h")).connectPort == 80)
        #expect(try #require(endpoint(uri: "WSS://h")).connectPort == 443)
        #expect(try #require(endpoint(uri: "ws://h")).requestPath == ascii("/"))
        #expect(try #require(endpoint(uri: "ws://h/p?q=1")).requestPath == ascii("/p?q=1"))
        #expect(try #require(endpoint(uri: "ws://h?q=1")).requestPath == ascii("/?q=1"))
        #expect(try #require(endpoint(uri: "ws://h/p")).requestPath == ascii("/p"))
    }

    @Test func userinfoWithoutPasswordSendsNoAuthorization() throws {
        let alice = try #require(endpoint(uri: "ws://alice@h/"))
        #expect(alice.username == ascii("alice") && alice.password == nil && alice.basicAuthorization == nil)
    }

    @Test func otherSchemesParseButCannotStart() throws {
        let http = try #require(endpoint(uri: "http://h/"))
        #expect(!http.isSupported)
        #expect(try #require(endpoint(uri: "Ws://h/")).isSupported)
    }

    @Test func aRedirectLocationReplacesHostPortAndPath() throws {
        var redirected = try #require(endpoint(uri: "ws://first:8080/a"))
        let applied = redirected.apply(uri: ascii("ws://second/b"), resettingPort: true)
        #expect(applied)
        #expect(
            redirected.host == ascii("second") && redirected.connectPort == 80 && redirected.requestPath == ascii("/b"))
        let rejected = redirected.apply(uri: ascii("not a uri"))
        #expect(!rejected)
        #expect(redirected.host == ascii("second"), "a failed apply changes nothing")
    }
}
