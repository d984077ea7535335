// 代码块: 并发池（进程池与线程池） › 3.线程池实现并发服务器，第 2 段，
//   笔记的第 12 段代码
// 概念: 预先 fork 的服务器：一个监听 socket，n×2 个工作进程都在它上面
//   `accept()`，每个工作进程里有一个线程池，服务它接到的连接。
//   每个新连接由内核交给一个正在 `accept()` 的进程。
// 笔记: `server.bind('127.0.0.1',5898)` 让程序一开始就抛
//   TypeError：地址是一个元组，应写成 `bind(('127.0.0.1', 5898))`。
//   修好之后，n×2 个 `thread_accept` 任务各自永远运行，`pool.join()`
//   永远不返回；没有人调用 `.get()`，工作进程里的异常会被悄悄吞掉。
// Swift 6: 移植直接 fork 出 n×2 个工作进程（每个任务都永远运行，
//   任务队列没有用处），绑定系统分配的端口（`--port 5898`
//   用笔记的端口），自己启动客户端来驱动服务器，最后结束工作进程。

import ExampleKit
import Foundation

enum PreforkEchoServer {
    /// Echoes what the client sends, naming the worker process that
    /// serves it; `quiet` (for `--workload`) prints nothing.
    static func socketRev(_ conn: TCPConnection, quiet: Bool = false) {
        defer { conn.close() }
        while let data = try? conn.recv(1024), !data.isEmpty {
            if !quiet {
                print("工作进程 \(getpid())：\(PythonRepr.bytes(data))")
            }
            try? conn.send(data)
        }
    }

    /// One worker: accept connections for ever, each served by the
    /// thread pool.
    static func threadAccept(
        _ n: Int, _ server: TCPListener, quiet: Bool = false
    ) {
        let threadPool = ThreadPool(n * 2)
        // 建立通道的连接
        while let conn = try? server.accept() {
            // 将任务交给线程池
            _ = try? threadPool.applyAsync {
                socketRev(conn, quiet: quiet)
            }
        }
    }

    static func main(_ context: ExampleContext) throws {
        // --workload [K]: no output but its one line (see Workload)
        let workload = try Workload.roundTrips(in: context)
        // bind((…)); listen(50)
        let server = try TCPListener(
            port: try context.port,
            backlog: workload == nil ? 50 : EchoClients.workloadBacklog)
        let n = ProcessInfo.processInfo.activeProcessorCount
        // workers say when they accept
        let ready = ProcessQueue<Int32>(maxsize: n * 2)

        // Pool(n*2) with n*2 thread_accept tasks: n*2 processes, each
        // accepting for ever.
        let pool = PreforkPool(processes: n * 2) { _ in
            try? ready.put(getpid())
            threadAccept(n, server, quiet: workload != nil)
        }
        for _ in 0..<n * 2 { _ = try ready.get(timeout: .seconds(5)) }

        var failure: (any Error)?  // thrown once the workers are gone
        if let workload {
            do {
                try EchoClients.runWorkload(
                    port: server.port, roundTrips: workload)
            } catch {
                failure = error
            }
        } else {
            // 八个客户端一个接一个，然后两个同时连接。
            for line in EchoClients.runSequentially(
                port: server.port, count: 8
            ) {
                print(line)
            }
            for line in EchoClients.runConcurrently(
                port: server.port, count: 2, firstNumber: 9
            ) {
                print(line)
            }
        }

        pool.terminate()  // Pool.terminate()
        pool.join()
        server.close()
        if let failure { throw failure }
    }
}
