// Block:   并发池（进程池与线程池） ›
//          3.线程池实现并发服务器, second block
//          (block 12 of the notes)
// Concept: A pre-forked server: one listening socket, n×2 worker processes
//          that all accept on it, and in each worker a thread pool that
//          serves the connections that worker accepts. The kernel gives
//          each new connection to one of the processes waiting in accept().
// Notes:   `server.bind('127.0.0.1',5898)` stops the program with
//          "TypeError: socket.bind() takes exactly one argument (2 given)":
//          the address is one tuple, `bind(('127.0.0.1', 5898))`. Then each
//          of the n×2 `apply_async(thread_accept, …)` tasks runs for
//          ever and holds one pool process, so `pool.join()` never returns,
//          and as no one calls `.get()`, an exception in a worker would be
//          lost without a word. The port forks the n×2 workers directly (a
//          task queue adds nothing when every task runs for ever), binds an
//          ephemeral port (the notes' 5898 with `--port 5898`), drives
//          itself with clients, then terminates the workers.

import ExampleKit
import Foundation

enum PreforkEchoServer {
    /// Echoes what the client sends, naming the worker process that
    /// serves it.
    static func socketRev(_ conn: TCPConnection) {
        defer { conn.close() }
        while let data = try? conn.recv(1024), !data.isEmpty {
            print("worker \(getpid()):", PythonRepr.bytes(data))
            try? conn.send(data)
        }
    }

    /// One worker: accept connections for ever, each served by the
    /// thread pool.
    static func threadAccept(_ n: Int, _ server: TCPListener) {
        let threadPool = ThreadPool(n * 2)
        // 建立通道的连接
        while let conn = try? server.accept() {
            // 将任务交给线程池
            _ = try? threadPool.applyAsync { socketRev(conn) }
        }
    }

    static func main(_ context: ExampleContext) throws {
        // bind((…)); listen(50)
        let server = try TCPListener(port: context.port, backlog: 50)
        let n = ProcessInfo.processInfo.activeProcessorCount
        // workers say when they accept
        let ready = ProcessQueue<Int32>(maxsize: n * 2)

        // Pool(n*2) with n*2 thread_accept tasks: n*2 processes, each
        // accepting for ever.
        let pool = PreforkPool(processes: n * 2) { _ in
            try? ready.put(getpid())
            threadAccept(n, server)
        }
        for _ in 0..<n * 2 { _ = try ready.get(timeout: .seconds(5)) }

        // Eight clients one after another, then two at the same time.
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

        pool.terminate()  // Pool.terminate()
        pool.join()
        server.close()
    }
}
