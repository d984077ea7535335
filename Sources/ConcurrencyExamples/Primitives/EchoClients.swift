import Foundation

/// Clients that drive an echo server, so that a server port tests itself.
///
/// Each client connects, waits until every client is connected, sends a
/// message of its own, and checks that exactly those bytes come back,
/// while the other clients are still connected. A server that serves one
/// connection at a time cannot pass: the clients would wait for each other
/// until the barrier times out.
enum EchoClients {
    /// Runs `count` clients at once against `port`.
    /// - Returns: One line per client, in client order.
    static func runConcurrently(
        port: UInt16, count: Int, firstNumber: Int = 1,
        patience: Duration = .seconds(5)
    ) -> [String] {
        let everyoneConnected = Barrier(count: count)
        let everyoneServed = Barrier(count: count)
        let lines = UnsafeSharedCell([String](repeating: "", count: count))
        let lock = NSLock()
        let clients = (0..<count).map { index in
            JoinableThread {
                let line = client(number: firstNumber + index, port: port) { stage in
                    let barrier = stage == .connected ? everyoneConnected : everyoneServed
                    return barrier.arriveAndWait(timeout: patience)
                        ? nil : "等不到其他客户端\(stage.zh)，放弃了"
                }
                lock.withLock { lines.value[index] = line }
            }
        }
        clients.forEach { $0.start() }
        clients.forEach { $0.join() }
        return lines.value
    }

    /// Runs `count` clients one after another against `port`.
    static func runSequentially(port: UInt16, count: Int, firstNumber: Int = 1) -> [String] {
        (0..<count).map { client(number: firstNumber + $0, port: port) { _ in nil } }
    }

    enum Stage {
        case connected, served

        var zh: String {
            switch self {
            case .connected: "连上"
            case .served: "收到回音"
            }
        }
    }

    /// One client. `checkpoint` is called after connecting and after being
    /// served; it returns an error text to stop with.
    private static func client(number: Int, port: UInt16, checkpoint: (Stage) -> String?) -> String {
        do {
            let connection = try TCPConnection.connect(port: port)
            defer { connection.close() }
            if let problem = checkpoint(.connected) { return "客户端 \(number)：\(problem)" }
            let message = Array("hello from client \(number)".utf8)
            try connection.send(message)
            let echoed = try connection.recv(exactly: message.count)
            guard echoed == message else {
                return "客户端 \(number)：发出 \(PythonRepr.bytes(message))，收回的却是 \(PythonRepr.bytes(echoed))"
            }
            if let problem = checkpoint(.served) { return "客户端 \(number)：\(problem)" }
            return "客户端 \(number) 收回了自己发出的 \(message.count) 个字节"
        } catch {
            return "客户端 \(number)：\(error)"
        }
    }
}
