import NIOCore

/// Closes a connection that holds the server without using it: a request
/// head must arrive whole within `head` of its first byte (of the
/// connection, for a new one), a kept-alive connection waits at most
/// `idle` for its next request, and a response may stall at most `idle`.
/// The event stream has none of these limits.
///
/// It sits first in the pipeline, where it sees the bytes arrive;
/// ``PreviewHandler`` tells it where each request stands.
final class ConnectionTimer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase {
        case waiting, receiving, responding, streaming
    }

    private let head: TimeAmount
    private let idle: TimeAmount
    private var phase = Phase.receiving
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(head: TimeAmount, idle: TimeAmount) {
        self.head = head
        self.idle = idle
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(head)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .waiting {
            phase = .receiving
            arm(head)
        }
        context.fireChannelRead(data)
    }

    /// A request head arrived whole.
    func requestStarted() {
        phase = .responding
        arm(idle)
    }

    /// A response wrote some more of its body.
    func progressed() {
        if phase == .responding { arm(idle) }
    }

    /// The response is written and the connection stays open.
    func responseEnded() {
        phase = .waiting
        arm(idle)
    }

    /// The connection is the event stream from now on.
    func streaming() {
        phase = .streaming
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ limit: TimeAmount) {
        deadline?.cancel()
        guard let context else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: limit) {
            context.close(promise: nil)
        }
    }
}
