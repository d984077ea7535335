import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP connection of the preview: a file of the site, or the stream
/// of reload events.
///
/// It answers only requests addressed to the server by its own name
/// (`Host: 127.0.0.1:PORT` or `localhost:PORT`): a page of another site
/// whose name an attacker rebinds to 127.0.0.1 gets 421 and reads nothing.
/// A body is written a chunk at a time, the next when the connection can
/// take it, so a slow reader holds a chunk or two, never the whole file.
final class PreviewHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The path of the event stream the pages listen on.
    static let eventsPath = "/__notes/events"
    /// The most of a file read and written at once.
    static let chunkSize = 1 << 16

    /// What a body is made of: ranges of a file of the site, and bytes
    /// (a message, the reload script, a banner).
    enum Part {
        case file(PreviewFiles.File, Range<Int>)
        case bytes([UInt8])

        var count: Int {
            switch self {
            case .file(_, let range): range.count
            case .bytes(let bytes): bytes.count
            }
        }
    }

    private let state: PreviewState
    private let timer: ConnectionTimer
    private var request: HTTPRequestHead?
    /// The rest of the body being written, and whether the connection
    /// stays open after it.
    private var sending: (parts: [Part], keepAlive: Bool)?
    private var pumping = false

    init(state: PreviewState, timer: ConnectionTimer) {
        self.state = state
        self.timer = timer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            timer.requestStarted()
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        sending = nil
        context.fireChannelInactive()
    }

    /// A request NIO could not parse (it has answered 400), or a broken
    /// connection: either way the connection ends.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard Self.isAddressedHere(head, port: context.channel.localAddress?.port) else {
            return send(.misdirectedRequest, text: "this server answers only 127.0.0.1 and localhost\n", head, context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return send(.methodNotAllowed, text: "only GET\n", head, context)
        }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        if path == Self.eventsPath { return openEvents(head: head, context: context) }
        guard let file = PreviewFiles.file(for: path, in: state.folder),
            let parts = Self.parts(of: file, failure: state.currentFailure)
        else {
            return send(.notFound, text: "not found\n", head, context)
        }
        start(.ok, type: file.type, length: parts.reduce(0) { $0 + $1.count }, head: head, context: context)
        stream(head.method == .HEAD ? [] : parts, keepAlive: head.isKeepAlive, context: context)
    }

    /// Whether the request names this server: exactly one `Host`, the
    /// loopback address or `localhost`, with the port it listens on.
    static func isAddressedHere(_ head: HTTPRequestHead, port: Int?) -> Bool {
        let hosts = head.headers["Host"]
        guard let port, hosts.count == 1 else { return false }
        let host = hosts[0].lowercased()
        return host == "127.0.0.1:\(port)" || host == "localhost:\(port)"
    }

    /// A file's body: a page gets the reload script (and a banner) put in,
    /// and the rest of it is read from the file as it is written.
    static func parts(of file: PreviewFiles.File, failure: String?) -> [Part]? {
        guard file.type.hasPrefix("text/html") else { return [.file(file, 0..<file.size)] }
        guard let page = file.bytes, page.count == file.size else { return nil }
        var parts: [Part] = []
        var start = 0
        for (offset, bytes) in PreviewFiles.insertions(into: page, failure: failure) {
            parts += [.file(file, start..<offset), .bytes(bytes)]
            start = offset
        }
        return parts + [.file(file, start..<file.size)]
    }

    /// Keeps the connection open and sends an event whenever the site changes.
    private func openEvents(head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil
        )
        guard head.method == .GET else { return stream([], keepAlive: head.isKeepAlive, context: context) }
        timer.streaming()
        var hello = context.channel.allocator.buffer(capacity: 16)
        hello.writeString(": connected\n\n")
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(hello))), promise: nil)
        state.listen(context.channel)
    }

    private func send(
        _ status: HTTPResponseStatus, text: String, _ head: HTTPRequestHead, _ context: ChannelHandlerContext
    ) {
        let body = Array(text.utf8)
        start(status, type: "text/plain; charset=utf-8", length: body.count, head: head, context: context)
        // A request for another host is not served again on this connection.
        let keepAlive = head.isKeepAlive && status != .misdirectedRequest
        stream(head.method == .HEAD ? [] : [.bytes(body)], keepAlive: keepAlive, context: context)
    }

    /// Writes the response head: the length is that of the whole body, for
    /// HEAD as for GET.
    private func start(
        _ status: HTTPResponseStatus, type: String, length: Int, head: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: "\(length)")
        headers.add(name: "Cache-Control", value: "no-store")
        if status == .misdirectedRequest { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
    }

    private func stream(_ parts: [Part], keepAlive: Bool, context: ChannelHandlerContext) {
        sending = (parts, keepAlive)
        pump(context: context)
    }

    /// Writes chunks of the body while the connection takes them, then
    /// the end; called again when the connection becomes writable.
    private func pump(context: ChannelHandlerContext) {
        guard !pumping else { return }
        pumping = true
        defer { pumping = false }
        while let body = sending, context.channel.isWritable {
            timer.progressed()
            guard let part = body.parts.first else {
                sending = nil
                // Writing the end may start the next request's response.
                finish(keepAlive: body.keepAlive, context: context)
                continue
            }
            var rest = Array(body.parts.dropFirst())
            let bytes: [UInt8]
            switch part {
            case .bytes(let all):
                bytes = all
            case .file(let file, let range):
                let count = min(Self.chunkSize, range.count)
                guard let chunk = file.read(at: range.lowerBound, count: count), chunk.count == count else {
                    // The file shrank while it was sent: the length said is wrong.
                    sending = nil
                    return context.close(promise: nil)
                }
                bytes = chunk
                if count < range.count { rest.insert(.file(file, range.lowerBound + count..<range.upperBound), at: 0) }
            }
            sending = (rest, body.keepAlive)
            guard !bytes.isEmpty else { continue }
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
    }

    private func finish(keepAlive: Bool, context: ChannelHandlerContext) {
        // Before the end: writing it may hand this handler the next request.
        if keepAlive { timer.responseEnded() }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
