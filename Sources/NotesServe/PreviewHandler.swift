import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP connection of the preview: a file of the site, or the stream
/// of reload events.
final class PreviewHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The path of the event stream the pages listen on.
    static let eventsPath = "/__notes/events"

    private let state: PreviewState
    private var request: HTTPRequestHead?

    init(state: PreviewState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        guard head.method == .GET || head.method == .HEAD else {
            return send(
                .methodNotAllowed, type: "text/plain", body: Array("only GET\n".utf8), head: head, context: context)
        }
        if path == Self.eventsPath { return openEvents(head: head, context: context) }
        guard let file = PreviewFiles.file(for: path, in: state.folder) else {
            return send(
                .notFound, type: "text/plain; charset=utf-8", body: Array("not found\n".utf8), head: head,
                context: context)
        }
        var body = file.bytes
        if file.type.hasPrefix("text/html") { body = PreviewFiles.injecting(into: body, failure: state.currentFailure) }
        send(.ok, type: file.type, body: head.method == .HEAD ? [] : body, head: head, context: context)
    }

    /// Keeps the connection open and sends an event whenever the site changes.
    private func openEvents(head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil
        )
        var hello = context.channel.allocator.buffer(capacity: 16)
        hello.writeString(": connected\n\n")
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(hello))), promise: nil)
        state.listen(context.channel)
    }

    private func send(
        _ status: HTTPResponseStatus, type: String, body: [UInt8], head: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: "\(body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let keepAlive = head.isKeepAlive
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
