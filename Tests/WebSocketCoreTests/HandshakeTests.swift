// SPDX-License-Identifier: MIT
import Testing
import WebSocketCore

/// The upgrade request byte for byte, and every way the response can end (esp_ws_api.md §4.2).
@Suite struct HandshakeTests {
    let key = ascii("dGhlIHNhbXBsZSBub25jZQ==")

    @Test func theRequestHasESPIDFsLinesInOrder() {
        var request = Handshake.Request(host: ascii("10.0.2.2"), port: 80, path: ascii("/chat?x=1"), key: key)
        #expect(
            text(request.bytes ?? []) == "GET /chat?x=1 HTTP/1.1\r\nConnection: Upgrade\r\nHost: 10.0.2.2:80\r\n"
                + "User-Agent: ESP32 Websocket Client\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        request.userAgent = ascii("agent/1")
        request.subprotocol = ascii("chat, superchat")
        request.authorization = ascii("Basic dTpw")
        request.headers = ascii("X-One: 1\r\nX-Two: 2\r\n")
        #expect(
            text(request.bytes ?? []) == "GET /chat?x=1 HTTP/1.1\r\nConnection: Upgrade\r\nHost: 10.0.2.2:80\r\n"
                + "User-Agent: agent/1\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
                + "Authorization: Basic dTpw\r\nX-One: 1\r\nX-Two: 2\r\n\r\n")
    }

    @Test func aRequestOver1023BytesIsRefused() {
        var request = Handshake.Request(host: ascii("h"), port: 80, path: ascii("/"), key: key)
        let fixed = (request.bytes ?? []).count
        request.headers = ascii("X: " + String(repeating: "a", count: 1023 - fixed - 5) + "\r\n")
        #expect(request.bytes?.count == 1023)
        request.headers = ascii("X: " + String(repeating: "a", count: 1024 - fixed - 5) + "\r\n")
        #expect(request.bytes == nil)
    }

    func response(_ header: String, then rest: [UInt8] = []) -> [UInt8] { ascii(header) + rest }
    static let accept = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"

    @Test func anUpgradeKeepsTheBytesAfterTheHeader() throws {
        var reader = Handshake.ResponseReader(key: key)
        let bytes = response(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + Self.accept + "\r\n",
            then: [0x81, 0x02, 0x68, 0x69])
        var outcome: Handshake.Outcome?
        for byte in bytes where outcome == nil { outcome = try reader.feed([byte]) }  // byte by byte
        #expect(
            outcome
                == .upgraded(
                    status: 101, headers: [ascii("Upgrade: websocket"), ascii("Connection: Upgrade")],
                    leftover: []))
        var whole = Handshake.ResponseReader(key: key)
        guard case .upgraded(_, _, let leftover) = try whole.feed(bytes) else {
            Issue.record("no upgrade")
            return
        }
        #expect(leftover == [0x81, 0x02, 0x68, 0x69])
    }

    @Test func acceptIsCheckedStrictly() {
        let cases: [(String, Handshake.Failure)] = [
            ("HTTP/1.1 101 OK\r\n\r\n", .acceptMissing(status: 101)),
            ("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: \r\n\r\n", .acceptMismatch(status: 101)),
            ("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ\r\n\r\n", .acceptMismatch(status: 101)),
            (
                "HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=x\r\n\r\n",
                .acceptMismatch(status: 101)
            ),
            ("HTTP/1.1 101 OK\r\n" + accept + accept + "\r\n", .duplicateAccept),
            ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", .acceptMissing(status: 404)),
            ("HTTP/1.1 302 Found\r\n\r\n", .redirectWithoutLocation(status: 302)),
            ("SSH-2.0-OpenSSH\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 1x1 What\r\n\r\n", .malformedStatusLine),
        ]
        for (header, failure) in cases {
            var reader = Handshake.ResponseReader(key: key)
            #expect(throws: failure, "\(header)") { _ = try reader.feed(ascii(header)) }
        }
    }

    var accept: String { Self.accept }

    @Test func theAcceptHeaderNameIsCaseInsensitiveAndTheStatusIsNotChecked() throws {
        var reader = Handshake.ResponseReader(key: key)
        let outcome = try reader.feed(
            ascii("HTTP/1.0 200 OK\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"))
        #expect(outcome == .upgraded(status: 200, headers: [], leftover: []))
    }

    @Test func redirectsCarryTheirLocation() throws {
        for status in [301, 302, 303, 307, 308] {
            var reader = Handshake.ResponseReader(key: key)
            let outcome = try reader.feed(
                ascii("HTTP/1.1 \(status) Moved\r\nLocation: ws://10.0.2.2:9000/next\r\n\r\n"))
            #expect(outcome == .redirect(status: status, location: ascii("ws://10.0.2.2:9000/next")))
        }
    }

    @Test func aHeaderWithoutItsEndWithin1023BytesFails() throws {
        var reader = Handshake.ResponseReader(key: key)
        #expect(try reader.feed(ascii("HTTP/1.1 101 OK\r\n")) == nil)
        #expect(throws: Handshake.Failure.headerTooLarge) {
            _ = try reader.feed(ascii("X-Long: " + String(repeating: "y", count: 1020) + "\r\n\r\n"))
        }
    }
}
