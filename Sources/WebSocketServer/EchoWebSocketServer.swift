// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A WebSocket echo server on the host, built on SwiftNIO: the peer that Espressif's example test runs
/// (its SimpleWebSocketServer script), in-process. It echoes every complete message with its type (fragmented
/// messages reassembled first), answers PING with PONG and a client's CLOSE with CLOSE 1000, and can push
/// messages to every connected client. The demo and the tests boot firmware against it; guests reach it through
/// the virtual network as 10.0.2.2:`port`. With `tls` it speaks wss:// (TLS 1.2 and 1.3, SwiftNIO SSL).
///
///     let server = try EchoWebSocketServer()          // 127.0.0.1, a free port
///     try server.push(text: "hello from the host")    // to every connected client
///     print(server.statistics.textMessages)
public final class EchoWebSocketServer: Sendable {
    /// What the server has seen so far.
    public struct Statistics: Sendable, Equatable {
        /// WebSocket connections accepted (after the handshake).
        public var connections = 0
        public var textMessages = 0
        public var binaryMessages = 0
        /// Payload bytes of the echoed messages.
        public var bytesEchoed = 0
        public var pings = 0
        /// Messages sent with `push`, counted once per client.
        public var pushes = 0
        /// The status codes of the clients' CLOSE frames, in order (1005 for a CLOSE without one).
        public var closeCodes: [Int] = []
    }

    /// The TCP port the server listens on.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let shared = NIOLockedValueBox(Shared())

    struct Shared {
        var isShutDown = false
        var clients: [ObjectIdentifier: any Channel] = [:]
        var statistics = Statistics()
    }

    /// The server's certificate chain and private key, as PEM files, for wss://.
    public struct TLSFiles: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// Starts listening on `host` (loopback by default: nothing else should reach a test peer) and `port` (0: a
    /// free one), with TLS if `tls` names a certificate and key. Messages up to `maximumMessageSize` bytes are
    /// echoed; larger ones close the connection with 1009.
    public init(
        host: String = "127.0.0.1", port: Int = 0, maximumMessageSize: Int = 16 << 20, tls: TLSFiles? = nil
    )
        throws
    {
        let tlsContext = try tls.map { files in
            try NIOSSLContext(
                configuration: .makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificatePath).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem))))
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = shared
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maximumMessageSize,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: .max,
                            maxAccumulatedFrameSize: maximumMessageSize),
                        EchoHandler(shared: shared))
                }
            })
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    let refusal = PlainHTTPRefusal()
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.syncOperations.removeHandler(refusal, promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(refusal)
                }
            }
        do {
            listener = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.port = listener.localAddress?.port ?? port
    }

    deinit { shutdown() }

    /// Stops listening and closes every connection (once; later calls do nothing).
    public func shutdown() {
        let wasShutDown = shared.withLockedValue { state in
            defer { state.isShutDown = true }
            return state.isShutDown
        }
        guard !wasShutDown else { return }
        try? listener.close().wait()
        try? group.syncShutdownGracefully()
    }

    public var statistics: Statistics { shared.withLockedValue { $0.statistics } }

    /// The number of clients connected now.
    public var clientCount: Int { shared.withLockedValue { $0.clients.count } }

    /// Sends `text` as one TEXT message to every connected client and returns how many it went to.
    @discardableResult
    public func push(text: String) throws -> Int {
        try push(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text)))
    }

    /// Sends `bytes` as one BINARY message to every connected client and returns how many it went to.
    @discardableResult
    public func push(binary bytes: [UInt8]) throws -> Int {
        try push(WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: bytes)))
    }

    private func push(_ frame: WebSocketFrame) throws -> Int {
        let clients = shared.withLockedValue { $0.clients.values }
        for client in clients { try client.writeAndFlush(frame).wait() }
        shared.withLockedValue { $0.statistics.pushes += clients.count }
        return clients.count
    }
}
