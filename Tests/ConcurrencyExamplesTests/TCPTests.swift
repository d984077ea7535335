import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples

@Suite("TCP helpers and echo servers", .hangGuard)
struct TCPTests {
    /// An echo server on an ephemeral port whose connections are served by
    /// `serve`, running until the returned stop function is called.
    func echoServer(serve: @escaping @Sendable (TCPConnection) -> Void) throws -> (port: UInt16, stop: () -> Void) {
        let server = try TCPListener()
        let loop = JoinableThread {
            while let connection = try? server.accept() { serve(connection) }
        }
        loop.start()
        return (
            server.port,
            {
                server.shutdown()
                loop.join()
                server.close()
            }
        )
    }

    @Test func aListenerGetsAnEphemeralPortOnLoopback() throws {
        let listener = try TCPListener()
        defer { listener.close() }
        #expect(listener.port > 0)
    }

    @Test func aThreadPoolServerServesClientsAtTheSameTime() throws {
        let pool = ThreadPool(4)
        let (port, stop) = try echoServer { connection in
            _ = try? pool.applyAsync { ThreadPoolEchoServer.socketRev(connection) }
        }
        let lines = EchoClients.runConcurrently(port: port, count: 3)
        stop()
        pool.close()
        pool.join()
        #expect(lines == (1...3).map { "客户端 \($0) 收回了自己发出的 19 个字节" })
    }

    @Test func aServerThatServesOneConnectionAtATimeFailsTheConcurrentClients() throws {
        // What `pool.apply(socket_rev, …)` does: each connection is served
        // to its end before the next is accepted.
        let (port, stop) = try echoServer { connection in ThreadPoolEchoServer.socketRev(connection) }
        let lines = EchoClients.runConcurrently(port: port, count: 2, patience: .milliseconds(300))
        stop()
        #expect(lines.contains { $0.contains("等不到其他客户端") })
    }

    @Test func bytesAreEchoedExactly() throws {
        let (port, stop) = try echoServer { connection in ThreadPoolEchoServer.socketRev(connection) }
        defer { stop() }
        let connection = try TCPConnection.connect(port: port)
        defer { connection.close() }
        let payload: [UInt8] = Array(0...255)
        try connection.send(payload)
        #expect(try connection.recv(exactly: payload.count) == payload)
    }

    @Test func portsComeFromTheExamplesArguments() throws {
        #expect(try ExampleContext(id: "x", arguments: ["--port", "8989"]).port == 8989)
        #expect(try ExampleContext(id: "x", arguments: []).port == 0)
        // A port the user asked for and cannot have is an error, not port 0.
        for bad in [["--port"], ["--port", "99999"], ["--port", "-1"], ["--port", "abc"], ["--port", "0"]] {
            #expect(throws: ExampleContext.ArgumentError.self) { try ExampleContext(id: "x", arguments: bad).port }
        }
    }

    @Test func pythonReprOfArgumentsAndBytes() {
        #expect(PythonRepr.tuple([]) == "()")
        #expect(PythonRepr.tuple([1]) == "(1,)")
        #expect(PythonRepr.tuple([1, 2]) == "(1, 2)")
        #expect(PythonRepr.dict([:]) == "{}")
        #expect(PythonRepr.dict(["a": 1]) == "{'a': 1}")
        #expect(PythonRepr.bytes(Array("it's\n".utf8) + [0]) == "b'it\\'s\\n\\x00'")
    }
}
