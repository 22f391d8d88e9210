// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// One WebSocket connection of `EchoWebSocketServer`, after the handshake: echoes messages (reassembled by
/// NIOWebSocketFrameAggregator before this handler), answers PING and CLOSE, and keeps the server's client list
/// and statistics.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let shared: NIOLockedValueBox<EchoWebSocketServer.Shared>
    private var closing = false

    init(shared: NIOLockedValueBox<EchoWebSocketServer.Shared>) { self.shared = shared }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        shared.withLockedValue {
            $0.clients[ObjectIdentifier(channel)] = channel
            $0.statistics.connections += 1
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let id = ObjectIdentifier(context.channel)
        _ = shared.withLockedValue { $0.clients.removeValue(forKey: id) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let payload = frame.unmaskedData
        switch frame.opcode {
        case .text, .binary:
            shared.withLockedValue {
                if frame.opcode == .text { $0.statistics.textMessages += 1 } else { $0.statistics.binaryMessages += 1 }
                $0.statistics.bytesEchoed += payload.readableBytes
            }
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: frame.opcode, data: payload)),
                promise: nil)
        case .ping:
            shared.withLockedValue { $0.statistics.pings += 1 }
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
        case .connectionClose:
            guard !closing else { return }
            closing = true
            let code = payload.getInteger(at: payload.readerIndex, as: UInt16.self).map(Int.init) ?? 1005
            shared.withLockedValue { $0.statistics.closeCodes.append(code) }
            // As the upstream test's server does: CLOSE with 1000 whatever the client sent, then hang up.
            var reply = context.channel.allocator.buffer(capacity: 2)
            reply.writeInteger(UInt16(1000))
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply)))
                .whenComplete { _ in channel.close(promise: nil) }
        default:
            break
        }
    }
}

/// Answers a plain HTTP request (one without a WebSocket upgrade) with 426 Upgrade Required, so that a browser
/// or curl pointed at the server learns what it is instead of waiting. Removed once a connection upgrades.
final class PlainHTTPRefusal: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = "This is a WebSocket echo server: connect with ws://.\n"
        var headers = HTTPHeaders([("Content-Length", "\(body.utf8.count)"), ("Connection", "close")])
        headers.add(name: "Upgrade", value: "websocket")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .upgradeRequired, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
