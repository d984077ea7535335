// 代码块: 并发池（进程池与线程池） › 3.线程池实现并发服务器，第 1 段，
//   笔记的第 11 段代码，现代写法
// 概念: 不再一个连接占住一个线程：SwiftNIO 的事件循环组每核一个
//   线程，每个事件循环同时照看许多连接，数据到了才调用
//   `EchoHandler`。同样绑定系统分配的端口（`--port 8989` 用笔记的
//   端口），自己启动两个同时连接的客户端，然后关闭：先关监听的
//   channel，再关事件循环组，它的线程都结束。
// Swift 6: handler 只在自己 channel 的事件循环上运行，不用加锁；
//   编译器要求交给别的线程的值是 `Sendable`。`apply(socket_rev(),
//   …)` 那样传错函数、漏了参数，在这里是编译错误，不是第一个
//   连接上来时的 TypeError。

import ExampleKit
import NIOCore
import NIOPosix

/// 收到什么就发回什么，发回之前打印收到的字节（`print(data)`）。
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    /// 打印在字节前面的文字；nil 表示不打印（`--workload`）。
    let prefix: String?

    init(printing prefix: String? = "") { self.prefix = prefix }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let prefix {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            print(prefix + PythonRepr.bytes(bytes))
        }
        context.write(data, promise: nil)  // conn.send(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

enum ThreadPoolEchoServerTwin {
    static func main(_ context: ExampleContext) async throws {
        let workload = try Workload.roundTrips(in: context)
        // listen(20)；--workload 一次连上 100 个客户端，要更长的队列
        let backlog = workload == nil ? 20 : EchoClients.workloadBacklog
        let loops = MultiThreadedEventLoopGroup(
            numberOfThreads: System.coreCount)
        let server = try await ServerBootstrap(group: loops)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let echo = EchoHandler(
                        printing: workload == nil ? "" : nil)
                    try channel.pipeline.syncOperations.addHandler(echo)
                }
            }
            .bind(host: "127.0.0.1", port: Int(try context.port)).get()
        let port = UInt16(server.localAddress?.port ?? 0)

        if let workload {
            try await EchoClients.workload(
                port: port, roundTrips: workload)
        } else {
            // 两个客户端同时连接，每个都要收回自己发出的字节。
            for line in await EchoClients.concurrently(
                port: port, count: 2)
            {
                print(line)
            }
        }
        try await server.close()
        try await loops.shutdownGracefully()
    }
}
