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
            JoinableThread(name: "客户端 \(firstNumber + index)") {
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

/// The benchmark's workload for an echo server (`--workload [K]`): many
/// clients at once, each doing K round trips of a small message.
extension EchoClients {
    /// Clients in the workload.
    static let workloadClients = 100
    /// Round trips per client when no K is given: 30,000 in all, from
    /// half a second to two in a debug build on two cores.
    static let standardRoundTrips = 300
    /// The servers' listen backlog under the workload, instead of the
    /// notes' 20 or 50: more than the clients, so that opening them never
    /// meets a full accept queue (a dropped SYN is retried after a second).
    static let workloadBacklog: Int32 = 128

    /// Runs the workload against `port` and prints its one line,
    /// `workload: <round trips per second> round-trips/s`.
    /// - Throws: the first client's error: a failed connection, send or
    ///   receive, or an echo that is not what it sent.
    static func runWorkload(port: UInt16, roundTrips: Int) throws {
        let seconds = try workload(port: port, clients: workloadClients, roundTrips: roundTrips)
        Workload.report(workloadClients * roundTrips, "round-trips", in: seconds)
    }

    /// Opens `clients` connections one after another, then lets each do
    /// `roundTrips` round trips on its own thread, all at once, and close.
    /// No client waits for another: a server with fewer threads than
    /// connections serves the rest as connections close.
    /// - Returns: The seconds the round trips took, from the first to the last.
    static func workload(port: UInt16, clients: Int, roundTrips: Int) throws -> Double {
        let connections = try (0..<clients).map { _ in try TCPConnection.connect(port: port) }
        let firstError = UnsafeSharedCell<(any Error)?>(nil)
        let lock = NSLock()
        let threads = connections.enumerated().map { number, connection in
            JoinableThread {
                defer { connection.close() }
                do {
                    let message = Array("round trip \(number % 10)!".utf8)
                    for _ in 0..<roundTrips {
                        try connection.send(message)
                        let echoed = try connection.recv(exactly: message.count)
                        guard echoed == message else {
                            throw SocketError(
                                message: "echoed \(PythonRepr.bytes(echoed)), sent \(PythonRepr.bytes(message))")
                        }
                    }
                } catch {
                    lock.withLock { firstError.value = firstError.value ?? error }
                }
            }
        }
        let seconds = Workload.time {
            threads.forEach { $0.start() }
            threads.forEach { $0.join() }
        }
        if let error = lock.withLock({ firstError.value }) { throw error }
        return seconds
    }
}
