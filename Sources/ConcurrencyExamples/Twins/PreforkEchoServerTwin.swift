// 代码块: 并发池（进程池与线程池） › 3.线程池实现并发服务器，第 2 段，
//   笔记的第 12 段代码，现代写法
// 概念: n×2 个工作进程（每个里面一个线程池）换成 n×2 个事件循环，
//   都在一个进程里。每个事件循环有自己的监听 socket，都用
//   `SO_REUSEPORT` 绑在同一个端口上，由内核把每个新连接交给其中
//   一个，连接就留在接受它的事件循环上（`EchoHandler` 见第 11 段）。
//   输出里的“事件循环 N”说明是哪一个接的，相当于移植打印的 pid。
//   同样绑定系统分配的端口（`--port 5898` 用笔记的端口），自己启动
//   客户端（八个一个接一个，然后两个同时连接），然后关掉监听的
//   channel 和事件循环组，没有要结束的进程。
// Swift 6: `bind(host:port:)` 的参数有标签和类型，笔记的
//   `bind('127.0.0.1',5898)` 那样的错误编译就通不过。
//   `childChannelInitializer` 的闭包是 `@Sendable`，会在别的事件
//   循环上运行，编译器检查它捕获的 `label` 能安全地跨线程使用。

import ExampleKit
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

enum PreforkEchoServerTwin {
    static func main(_ context: ExampleContext) async throws {
        let workload = try Workload.roundTrips(in: context)
        // listen(50)；--workload 一次连上 100 个客户端，要更长的队列
        let backlog = workload == nil ? 50 : EchoClients.workloadBacklog
        let loops = MultiThreadedEventLoopGroup(
            numberOfThreads: System.coreCount * 2)
        let reuseAddress = ChannelOptions.socketOption(.so_reuseaddr)
        let reusePort = ChannelOptions.socketOption(
            .init(rawValue: SO_REUSEPORT))
        var port = Int(try context.port)
        var servers: [any Channel] = []
        for (number, loop) in zip(1..., loops.makeIterator()) {
            let label = workload == nil ? "事件循环 \(number)：" : nil
            let server = try await ServerBootstrap(group: loop)
                .serverChannelOption(.backlog, value: backlog)
                .serverChannelOption(reuseAddress, value: 1)
                .serverChannelOption(reusePort, value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            EchoHandler(printing: label))
                    }
                }
                .bind(host: "127.0.0.1", port: port).get()
            // 端口 0 让系统选一个；其余的 socket 绑到同一个端口上。
            port = server.localAddress?.port ?? 0
            servers.append(server)
        }

        let echoPort = UInt16(port)
        if let workload {
            try await EchoClients.workload(
                port: echoPort, roundTrips: workload)
        } else {
            // 八个客户端一个接一个，然后两个同时连接。
            let lines =
                await EchoClients.sequentially(port: echoPort, count: 8)
                + EchoClients.concurrently(
                    port: echoPort, count: 2, firstNumber: 9)
            for line in lines { print(line) }
        }
        for server in servers { try await server.close() }
        try await loops.shutdownGracefully()
    }
}
