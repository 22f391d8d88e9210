// SPDX-License-Identifier: MIT
// The client's state machine (esp_ws_api.md §3.3): one `runOnce` is one iteration of esp_websocket_client's
// task loop — connect (with redirects), read and dispatch frames, ping and watch for the PONG, answer the
// server's close, wait to reconnect — over an injected connection and clock, so that the firmware runs it
// on lwIP and the kernel's clock and tests run it on a scripted connection and a virtual clock.

/// The byte stream under the WebSocket (TCP, or TLS over TCP).
public protocol WebSocketConnection: AnyObject {
    /// Opens a connection to `host`:`port`, with TLS on top if `secure` (wss); false on failure (`lastErrno` says
    /// why).
    func open(host: [UInt8], port: Int, secure: Bool, timeoutMilliseconds: Int) -> Bool
    /// Writes all of `bytes`: their count, 0 if the socket did not become writable in time, -1 on error.
    func write(_ bytes: [UInt8], timeoutMilliseconds: Int) -> Int
    /// Up to `maximum` bytes: [] if none arrived in time, nil if the peer closed or the connection failed.
    func read(maximum: Int, timeoutMilliseconds: Int) -> [UInt8]?
    func close()
    /// The socket error of the last failure (0 if none).
    var lastErrno: Int32 { get }
}

/// Time for the client: milliseconds, and a wait that `wake` may cut short (stop, a new reconnect delay).
public protocol WebSocketClock: AnyObject {
    var milliseconds: Int64 { get }
    func wait(milliseconds: Int64)
    func wake()
}

public struct WebSocketClientConfiguration {
    public var endpoint: WebSocketEndpoint
    public var subprotocol: [UInt8]?
    public var userAgent: [UInt8]?
    /// Extra request header lines, each ending in CRLF.
    public var headers: [UInt8]?
    /// The largest DATA chunk, and the largest payload per outgoing frame.
    public var bufferSize = 1024
    public var pingIntervalSeconds = 10
    public var pingPongTimeoutSeconds = 120
    public var pingPongTimeoutEnabled = true
    public var autoReconnect = true
    public var reconnectTimeoutMilliseconds = 10_000
    public var networkTimeoutMilliseconds = 10_000
    public var enableCloseReconnect = false

    public init(endpoint: WebSocketEndpoint) { self.endpoint = endpoint }
}

public final class WebSocketClient<Connection: WebSocketConnection, Clock: WebSocketClock> {
    public enum State: Equatable, Sendable {
        case stopped, connecting, connected, waitingToReconnect, closing
    }

    /// How long the client waits for the server to close TCP after the CLOSE exchange, and for data per poll.
    static var closeWaitMilliseconds: Int64 { 1000 }
    static var pollMilliseconds: Int { 1000 }

    public var configuration: WebSocketClientConfiguration
    public private(set) var state = State.stopped
    /// Whether the task loop runs (from `start` until FINISH).
    public private(set) var isRunning = false
    public let connection: Connection
    public let clock: Clock
    /// Receives every event, synchronously, in the context that caused it.
    public var onEvent: (WebSocketEvent) -> Void = { _ in }
    /// Supplies randomness: 16 bytes per handshake key, a mask per frame.
    public var random: () -> UInt32

    private var decoder: FrameDecoder
    private var lastPing: Int64 = 0
    private var pingSentAt: Int64 = 0
    private var awaitingPong = false
    private var disconnectedAt: Int64 = 0
    private var clientSentClose = false
    private var stopRequested = false
    private var context = WebSocketEvent(kind: .error)
    private var controlPayload: [UInt8] = []

    public init(
        configuration: WebSocketClientConfiguration, connection: Connection, clock: Clock,
        random: @escaping () -> UInt32
    ) {
        self.configuration = configuration
        self.connection = connection
        self.clock = clock
        self.random = random
        decoder = FrameDecoder(chunkSize: configuration.bufferSize)
    }

    public var isConnected: Bool { state == .connected }

    // MARK: - Control

    /// Starts the task loop (BEGIN); false if it runs already or the scheme is neither ws nor wss.
    public func start() -> Bool {
        guard !isRunning, configuration.endpoint.isSupported else { return false }
        isRunning = true
        stopRequested = false
        state = .connecting
        post(.begin)
        return true
    }

    /// Ends the loop without a close handshake at its next iteration (FINISH only).
    public func stop() {
        stopRequested = true
        clock.wake()
    }

    /// Changes the reconnect delay and cuts a pending wait short so that it applies at once.
    public func setReconnectTimeout(milliseconds: Int) {
        configuration.reconnectTimeoutMilliseconds = milliseconds
        clock.wake()
    }

    /// One iteration of the task loop. Returns false once the loop has ended (after FINISH).
    @discardableResult
    public func runOnce() -> Bool {
        guard isRunning else { return false }
        if stopRequested {
            finish()
            return false
        }
        switch state {
        case .connecting: connect()
        case .connected: serviceConnection()
        case .waitingToReconnect: waitToReconnect()
        case .closing: finishCloseHandshake()
        case .stopped: finish()
        }
        if !isRunning { return false }
        if stopRequested || state == .stopped {
            finish()
            return false
        }
        return true
    }

    // MARK: - Sending

    /// Sends a message (or, without `fin`, the start or middle of one) cut into frames of at most bufferSize
    /// bytes. Returns the payload bytes sent; -1 when not connected; on a failed write the transport's result
    /// (-1, or 0 for a timeout), after ERROR and DISCONNECTED.
    public func send(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, timeoutMilliseconds: Int = -1) -> Int {
        guard state == .connected else { return -1 }
        if opcode == .continuation && payload.isEmpty && !fin { return 0 }  // upstream sends nothing
        let frames = FrameEncoder.message(
            opcode: opcode, payload: payload, fin: fin, maximumPayload: configuration.bufferSize, nextMask: random)
        for frame in frames {
            let written = connection.write(frame, timeoutMilliseconds: timeoutMilliseconds)
            guard written == frame.count else {
                transportFailed("esp_transport_write() returned ", written)
                return written < 0 ? -1 : 0
            }
        }
        return payload.count
    }

    /// Starts the client's close handshake: CLOSE with an empty payload, or `code` and `reason`. The loop then
    /// waits for the server's CLOSE (CLOSED, FINISH). False when not connected.
    public func close(code: Int? = nil, reason: [UInt8] = []) -> Bool {
        guard state == .connected else { return false }
        let payload = code.map { FrameEncoder.closePayload(code: $0, reason: reason) } ?? []
        guard send(.close, payload) >= 0 else { return false }
        clientSentClose = true
        return true
    }

    // MARK: - The loop's states

    private func connect() {
        post(.beforeConnect)
        let endpoint = configuration.endpoint
        guard let host = endpoint.host,
            connection.open(
                host: host, port: endpoint.connectPort, secure: endpoint.isSecure,
                timeoutMilliseconds: configuration.networkTimeoutMilliseconds)
        else {
            connectFailed(status: 0)
            return
        }
        var keyBytes: [UInt8] = []
        for _ in 0..<4 {
            let word = random()
            keyBytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        }
        let key = Handshake.key(random: keyBytes)
        var request = Handshake.Request(host: host, port: endpoint.connectPort, path: endpoint.requestPath, key: key)
        request.userAgent = configuration.userAgent
        request.subprotocol = configuration.subprotocol
        request.authorization = endpoint.basicAuthorization
        request.headers = configuration.headers
        guard let bytes = request.bytes,
            connection.write(bytes, timeoutMilliseconds: configuration.networkTimeoutMilliseconds) == bytes.count
        else {
            connectFailed(status: 0)
            return
        }
        var reader = Handshake.ResponseReader(key: key)
        let deadline = clock.milliseconds + Int64(configuration.networkTimeoutMilliseconds)
        while true {
            let remaining = Int(max(deadline - clock.milliseconds, 0))
            guard remaining > 0,
                let received = connection.read(maximum: Handshake.maximumBytes, timeoutMilliseconds: remaining)
            else {
                connectFailed(status: 0)
                return
            }
            do throws(Handshake.Failure) {
                guard let outcome = try reader.feed(received) else { continue }
                switch outcome {
                case .redirect(_, let location):
                    connection.close()
                    configuration.endpoint.apply(uri: location, resettingPort: true)
                case .upgraded(_, let headers, let leftover):
                    upgraded(headers: headers, leftover: leftover)
                }
                return
            } catch {
                connectFailed(status: error.status)
                return
            }
        }
    }

    private func upgraded(headers: [[UInt8]], leftover: [UInt8]) {
        for line in headers {
            var event = WebSocketEvent(kind: .headerReceived)
            event.data = line
            deliver(event)
        }
        state = .connected
        awaitingPong = false
        clientSentClose = false
        context = WebSocketEvent(kind: .error)
        decoder = FrameDecoder(chunkSize: configuration.bufferSize)
        post(.connected)
        if !leftover.isEmpty {
            decoder.append(leftover)
            dispatchFrames()
        }
    }

    private func serviceConnection() {
        let now = clock.milliseconds
        if !clientSentClose {
            if now - lastPing > Int64(configuration.pingIntervalSeconds) * 1000 {
                lastPing = now
                if send(.ping, []) < 0 { return }
                if configuration.pingPongTimeoutEnabled && !awaitingPong {
                    awaitingPong = true
                    pingSentAt = now
                }
            }
            if awaitingPong && now - pingSentAt > Int64(configuration.pingPongTimeoutSeconds) * 1000 {
                postError(
                    ASCII.bytes("Error, no PONG received for more than ")
                        + ASCII.decimal(configuration.pingPongTimeoutSeconds) + ASCII.bytes(" seconds after PING"))
                abort(.pongTimeout)
                return
            }
        }
        guard
            let received = connection.read(
                maximum: configuration.bufferSize, timeoutMilliseconds: WebSocketClient.pollMilliseconds)
        else {
            transportFailed("esp_transport_read() failed with ", -1)
            return
        }
        decoder.append(received)
        dispatchFrames()
    }

    /// Delivers every complete chunk; acts on each finished control frame.
    private func dispatchFrames() {
        while state == .connected {
            let chunk: FrameDecoder.Chunk?
            do throws(FrameDecoder.Violation) {
                chunk = try decoder.next()
            } catch {
                postError(ASCII.bytes("esp_transport_read() failed: ") + ASCII.bytes(error.message))
                abort(.tcpTransport)
                return
            }
            guard let chunk else { return }
            context.opcode = chunk.opcode
            context.fin = chunk.fin
            context.payloadLength = chunk.payloadLength
            context.payloadOffset = chunk.offset
            var event = context
            event.kind = .data
            event.data = chunk.data
            deliver(event)
            if chunk.opcode >= 0x8 { controlFrameEnded(opcode: chunk.opcode, payload: chunk.data) }
        }
    }

    private func controlFrameEnded(opcode: UInt8, payload: [UInt8]) {
        switch opcode {
        case Opcode.ping.rawValue: _ = send(.pong, payload)
        case Opcode.pong.rawValue: awaitingPong = false
        case Opcode.close.rawValue:
            context.closeStatusCode = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 0
            state = .closing
        default: break
        }
    }

    private func finishCloseHandshake() {
        if !clientSentClose {
            let frame = FrameEncoder.frame(opcode: .close, fin: true, payload: [], mask: random())
            _ = connection.write(frame, timeoutMilliseconds: configuration.networkTimeoutMilliseconds)
            clientSentClose = true
        }
        // Wait a bounded time for the server to close TCP (it should, after the exchange).
        let deadline = clock.milliseconds + WebSocketClient.closeWaitMilliseconds
        while clock.milliseconds < deadline {
            guard
                connection.read(
                    maximum: configuration.bufferSize, timeoutMilliseconds: Int(deadline - clock.milliseconds))
                    != nil
            else { break }
        }
        if configuration.enableCloseReconnect {
            state = .waitingToReconnect
            context.errorType = .serverClose
            connection.close()
            disconnectedAt = clock.milliseconds
            post(.closed)
        } else {
            state = .stopped
            post(.closed)
            finish()
        }
    }

    private func waitToReconnect() {
        let timeout = Int64(configuration.reconnectTimeoutMilliseconds)
        let elapsed = clock.milliseconds - disconnectedAt
        if timeout <= 0 || elapsed >= timeout {
            state = .connecting
        } else {
            clock.wait(milliseconds: timeout - elapsed)
        }
    }

    private func finish() {
        guard isRunning else { return }
        isRunning = false
        post(.finish)
        connection.close()
        state = .stopped
    }

    // MARK: - Failures and events

    private func connectFailed(status: Int) {
        context.handshakeStatus = status
        context.socketErrno = connection.lastErrno
        postError(
            ASCII.bytes("esp_transport_connect() failed with -1, esp_ws_handshake_status_code=") + ASCII.decimal(status)
                + ASCII.bytes(", errno=") + ASCII.decimal(Int(connection.lastErrno)))
        abort(.tcpTransport)
    }

    private func transportFailed(_ what: StaticString, _ result: Int) {
        context.socketErrno = connection.lastErrno
        postError(
            ASCII.bytes(what) + ASCII.decimal(result) + ASCII.bytes(", errno=")
                + ASCII.decimal(Int(connection.lastErrno)))
        abort(.tcpTransport)
    }

    /// Ends the connection after a failure: DISCONNECTED, then a reconnect after the delay or the end.
    private func abort(_ type: WebSocketEvent.ErrorType) {
        guard state == .connected || state == .connecting else { return }
        connection.close()
        if configuration.autoReconnect {
            state = .waitingToReconnect
            disconnectedAt = clock.milliseconds
        } else {
            stopRequested = true
            state = .stopped
        }
        context.errorType = type
        post(.disconnected)
    }

    private func postError(_ message: [UInt8]) {
        var event = context
        event.kind = .error
        event.data = message
        deliver(event)
    }

    private func post(_ kind: WebSocketEvent.Kind) {
        var event = context
        event.kind = kind
        deliver(event)
    }

    private func deliver(_ event: WebSocketEvent) { onEvent(event) }
}
