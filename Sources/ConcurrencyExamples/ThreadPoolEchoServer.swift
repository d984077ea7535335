// Block:   并发池（进程池与线程池） ›
//          3.线程池实现并发服务器, first block
//          (block 11 of the notes)
// Concept: An echo server that gives each connection to a thread pool,
//          so that one client's connection does not hold up the others.
// Notes:   `pool.apply(socket_rev(), args=(conn,))` is wrong twice.
//          `socket_rev()` calls the function at once, without its argument,
//          so the first connection stops the server with "TypeError:
//          socket_rev() missing 1 required positional argument: 'conn'".
//          And `apply` waits for the task to finish, so even
//          `pool.apply(socket_rev, args=(conn,))` serves one client at a
//          time. The fix is `pool.apply_async(socket_rev, args=(conn,))`.
//          The port binds an ephemeral port (the notes' 8989 with
//          `--port 8989`), drives itself with two clients connected at the
//          same time, then shuts down.

import ExampleKit
import Foundation

enum ThreadPoolEchoServer {
    /// Echoes what the client sends until it closes the connection.
    static func socketRev(_ conn: TCPConnection) {
        defer { conn.close() }
        // data = conn.recv(1024)
        while let data = try? conn.recv(1024), !data.isEmpty {
            print(PythonRepr.bytes(data))  // print(data)
            try? conn.send(data)  // conn.send(data)
        }
    }

    static func main(_ context: ExampleContext) throws {
        // bind(('127.0.0.1', …)); listen(20)
        let server = try TCPListener(port: context.port, backlog: 20)
        // cpu_count()
        let n = ProcessInfo.processInfo.activeProcessorCount
        let pool = ThreadPool(n * 2)

        let acceptLoop = JoinableThread {
            // conn, addr = server.accept()
            while let conn = try? server.accept() {
                // the fix: apply_async
                _ = try? pool.applyAsync { socketRev(conn) }
            }
        }
        acceptLoop.start()

        // Two clients, connected at the same time, each expecting its
        // own bytes back.
        for line in EchoClients.runConcurrently(
            port: server.port, count: 2
        ) {
            print(line)
        }

        server.shutdown()  // ends the accept loop
        acceptLoop.join()
        server.close()
        pool.close()
        pool.join()
    }
}
