import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves a built site on 127.0.0.1 while an author writes, and tells the
/// open pages to reload when it changes (Server-Sent Events).
///
/// Pages are served as the site has them, with one addition before
/// `</body>`: a small script that listens on `/__notes/events` and reloads
/// the page when the server says so. While the last rebuild failed, a banner
/// with its message is added at the top of every page as well.
public final class PreviewServer: Sendable {
    /// What one client may hold of the server.
    struct Limits: Sendable {
        /// Open connections at most; more are closed as soon as accepted.
        var connections = 64
        /// How long a request head may take to arrive whole.
        var head: Duration = .seconds(10)
        /// How long a connection may wait for its next request, or a
        /// response for its reader; the event stream waits for ever.
        var idle: Duration = .seconds(60)
    }

    /// The port it listens on.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    let state: PreviewState

    /// Starts serving `folder`.
    /// - Parameter port: 0 lets the kernel choose a free one.
    /// - Throws: When the port cannot be bound.
    public convenience init(folder: String, port: Int) throws {
        try self.init(folder: folder, port: port, limits: Limits())
    }

    init(folder: String, port: Int, limits: Limits) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let state = PreviewState(folder: folder)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard state.admit(channel, limit: limits.connections) else {
                    return channel.eventLoop.makeFailedFuture(TooManyConnections())
                }
                return channel.eventLoop.makeCompletedFuture {
                    let timer = ConnectionTimer(head: TimeAmount(limits.head), idle: TimeAmount(limits.idle))
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(timer)
                    try pipeline.configureHTTPServerPipeline()
                    try pipeline.addHandler(PreviewHandler(state: state, timer: timer))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.state = state
        self.port = channel.localAddress?.port ?? port
    }

    /// A connection past ``Limits/connections``.
    private struct TooManyConnections: Error {}

    /// Tells every open page to reload, and clears a failure shown before.
    public func reload() {
        state.setFailure(nil)
        state.broadcast("reload")
    }

    /// Shows `message` on every page (a rebuild failed), and reloads them.
    public func fail(_ message: String) {
        state.setFailure(message)
        state.broadcast("reload")
    }

    /// Stops serving.
    public func close() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// What the connections share: the site's folder, the open event streams,
/// the last failure, how many connections are open.
final class PreviewState: @unchecked Sendable {
    let folder: String
    private let lock = NSLock()
    private var listeners: [ObjectIdentifier: any Channel] = [:]
    private var failure: String?
    private var connections = 0

    init(folder: String) {
        self.folder = folder
    }

    /// Counts `channel` among the open connections, unless `limit` are open.
    func admit(_ channel: any Channel, limit: Int) -> Bool {
        let admitted = lock.withLock {
            guard connections < limit else { return false }
            connections += 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in lock.withLock { connections -= 1 } }
        }
        return admitted
    }

    var openConnections: Int { lock.withLock { connections } }

    var currentFailure: String? { lock.withLock { failure } }

    func setFailure(_ message: String?) { lock.withLock { failure = message } }

    func listen(_ channel: any Channel) {
        lock.withLock { listeners[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.listeners.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    func broadcast(_ event: String) {
        // A page that reads nothing gets no more: one reload is enough.
        for channel in lock.withLock({ Array(listeners.values) }) where channel.isWritable {
            var buffer = channel.allocator.buffer(capacity: event.utf8.count + 8)
            buffer.writeString("data: \(event)\n\n")
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
    }
}
