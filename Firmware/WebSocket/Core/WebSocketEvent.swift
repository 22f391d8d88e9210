// SPDX-License-Identifier: MIT
// What the client reports, shaped as esp_websocket_client's events (esp_ws_api.md §3), numbered as ESP-IDF
// 6 numbers them (with HEADER_RECEIVED).

public struct WebSocketEvent: Equatable, Sendable {
    public enum Kind: Int32, Sendable {
        case error = 0
        case headerReceived = 1
        case connected = 2
        case disconnected = 3
        case data = 4
        case closed = 5
        case beforeConnect = 6
        case begin = 7
        case finish = 8
    }

    /// esp_websocket_error_type_t.
    public enum ErrorType: Int32, Sendable {
        case none = 0
        case tcpTransport = 1
        case pongTimeout = 2
        case handshake = 3
        case serverClose = 4
    }

    public var kind: Kind
    /// DATA: the chunk; ERROR: the message; HEADER_RECEIVED: the header line (without CRLF).
    public var data: [UInt8] = []
    /// The last frame's opcode (0x100, "none yet", reads as 0), FIN, length and chunk offset.
    public var opcode: UInt8 = 0
    public var fin = false
    public var payloadLength = 0
    public var payloadOffset = 0
    /// The status code of the last CLOSE received on this connection (0 if none).
    public var closeStatusCode = 0
    public var errorType = ErrorType.none
    /// The HTTP status of the last failed upgrade (0 if the TCP connection itself failed).
    public var handshakeStatus = 0
    /// The socket error of the last transport failure.
    public var socketErrno: Int32 = 0

    public init(kind: Kind) { self.kind = kind }
}
