// 代码块: 并发池（进程池与线程池） › 3.线程池实现并发服务器，第 1 段，
//   笔记的第 11 段代码
// 概念: 回显服务器把每个连接交给线程池，
//   一个客户端的连接不会挡住其他客户端。
// 笔记: `pool.apply(socket_rev(), args=(conn,))` 错了两处。
//   `socket_rev()` 带了括号，函数立即被调用，而且没有参数，
//   第一个客户端一连上，服务器就抛 TypeError 退出；就算去掉括号，
//   `apply` 也要等任务做完才返回，一次只能服务一个客户端。应写成
//   `pool.apply_async(socket_rev, args=(conn,))`。
// Swift 6: 移植绑定系统分配的端口（`--port 8989` 用笔记的端口），
//   自己启动两个同时连接的客户端，每个都要收回自己发出的字节，
//   然后关闭服务器；笔记的服务器永远运行。

import ExampleKit
import Foundation

enum ThreadPoolEchoServer {
    /// Echoes what the client sends until it closes the connection;
    /// `quiet` (for `--workload`) leaves out the `print(data)`.
    static func socketRev(_ conn: TCPConnection, quiet: Bool = false) {
        defer { conn.close() }
        // data = conn.recv(1024)
        while let data = try? conn.recv(1024), !data.isEmpty {
            if !quiet { print(PythonRepr.bytes(data)) }  // print(data)
            try? conn.send(data)  // conn.send(data)
        }
    }

    static func main(_ context: ExampleContext) throws {
        // --workload [K]: no output but its one line (see Workload)
        let workload = try Workload.roundTrips(in: context)
        // bind(('127.0.0.1', …)); listen(20)
        let server = try TCPListener(
            port: try context.port,
            backlog: workload == nil ? 20 : EchoClients.workloadBacklog)
        // cpu_count()
        let n = ProcessInfo.processInfo.activeProcessorCount
        let pool = ThreadPool(n * 2)

        let acceptLoop = JoinableThread(name: "接受连接") {
            // conn, addr = server.accept()
            while let conn = try? server.accept() {
                // the fix: apply_async
                _ = try? pool.applyAsync {
                    socketRev(conn, quiet: workload != nil)
                }
            }
        }
        acceptLoop.start()

        if let workload {
            try EchoClients.runWorkload(
                port: server.port, roundTrips: workload)
        } else {
            // 两个客户端同时连接，每个都要收回自己发出的字节。
            for line in EchoClients.runConcurrently(
                port: server.port, count: 2
            ) {
                print(line)
            }
        }

        server.shutdown()  // ends the accept loop
        acceptLoop.join()
        server.close()
        pool.close()
        pool.join()
    }
}
