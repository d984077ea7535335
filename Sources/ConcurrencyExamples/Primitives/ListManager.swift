#if canImport(Glibc)
    @preconcurrency package import Glibc
#endif

/// A server process that owns lists, and proxies that reach them over a
/// Unix socket: the shape of Python's `multiprocessing.Manager`.
///
/// `start()` forks the server. `list()` creates a list on the server and
/// returns a ``ListProxy``; a proxy is a plain value, so a child process
/// forked later holds a copy and reaches the *same* list. Every operation is
/// one request on a fresh connection, served one at a time, so concurrent
/// appends from several processes never interleave.
package final class ListManager {
    /// The server process's id.
    package let serverPID: pid_t
    private let name: String

    private init(serverPID: pid_t, name: String) {
        self.serverPID = serverPID
        self.name = name
    }

    /// Starts the server process. Call it while the process is single-threaded.
    package static func start() throws -> ListManager {
        let name = "notes-list-manager-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw SocketError("socket") }
        var (address, length) = SocketIO.abstractAddress(name)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw SocketError("bind/listen")
        }
        // Listening before the fork: a client can connect at once.
        fflush(nil)
        let parent = getpid()
        let pid = fork()
        guard pid >= 0 else { throw SocketError("fork") }
        if pid == 0 {
            // The server dies with the process that started it (see ForkedProcess).
            if !dieWithParent(parent) { _exit(137) }
            serve(listener)
            _exit(0)
        }
        close(listener)
        return ListManager(serverPID: pid, name: name)
    }

    /// Creates an empty list on the server, like `Manager().list()`.
    package func list() throws -> ListProxy {
        let reply = try ListProxy.request("NEW", name: name)
        guard let id = Int(reply) else { throw SocketError(message: "bad reply: \(reply)") }
        return ListProxy(name: name, id: id)
    }

    /// Stops the server and waits for it to exit.
    package func shutdown() {
        _ = try? ListProxy.request("SHUTDOWN", name: name)
        var status: Int32 = 0
        while waitpid(serverPID, &status, 0) == -1, errno == EINTR {}
    }

    /// The server loop: one request per connection, until SHUTDOWN.
    private static func serve(_ listener: Int32) {
        var lists: [[Int]] = []
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { if errno == EINTR { continue } else { return } }
            defer { close(connection) }
            guard let request = try? SocketIO.readLine(connection) else { continue }
            let words = request.split(separator: " ").map(String.init)
            let reply: String
            switch (words.first, words.dropFirst().compactMap { Int($0) }) {
            case ("NEW", _):
                lists.append([])
                reply = "OK \(lists.count - 1)"
            case ("APPEND", let args) where args.count == 2 && lists.indices.contains(args[0]):
                lists[args[0]].append(args[1])
                reply = "OK"
            case ("GET", let args) where args.count == 2 && lists.indices.contains(args[0]):
                let list = lists[args[0]]
                let index = args[1] < 0 ? list.count + args[1] : args[1]
                reply = list.indices.contains(index) ? "OK \(list[index])" : "ERR IndexError: list index out of range"
            case ("LEN", let args) where args.count == 1 && lists.indices.contains(args[0]):
                reply = "OK \(lists[args[0]].count)"
            case ("SHUTDOWN", _):
                try? SocketIO.writeAll(connection, Array("OK\n".utf8))
                return
            default:
                reply = "ERR bad request: \(request)"
            }
            try? SocketIO.writeAll(connection, Array((reply + "\n").utf8))
        }
    }
}

/// A handle on a list that lives in a ``ListManager``'s server process.
package struct ListProxy: Sendable {
    fileprivate let name: String
    /// The list's number on the server.
    package let id: Int

    /// Appends `value` on the server.
    package func append(_ value: Int) throws {
        _ = try Self.request("APPEND \(id) \(value)", name: name)
    }

    /// The element at `index` (negative counts from the end, as in Python).
    package subscript(index: Int) -> Int {
        get throws {
            let reply = try Self.request("GET \(id) \(index)", name: name)
            guard let value = Int(reply) else { throw SocketError(message: "bad reply: \(reply)") }
            return value
        }
    }

    /// The number of elements.
    package func count() throws -> Int {
        let reply = try Self.request("LEN \(id)", name: name)
        guard let value = Int(reply) else { throw SocketError(message: "bad reply: \(reply)") }
        return value
    }

    /// Sends one request and returns the text after `OK`.
    fileprivate static func request(_ line: String, name: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        defer { close(fd) }
        var (address, length) = SocketIO.abstractAddress(name)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { throw SocketError("connect to manager") }
        try SocketIO.writeAll(fd, Array((line + "\n").utf8))
        guard let reply = try SocketIO.readLine(fd) else { throw SocketError(message: "manager closed the connection") }
        if reply.hasPrefix("ERR ") { throw SocketError(message: String(reply.dropFirst(4))) }
        return reply == "OK" ? "" : String(reply.dropFirst(3))
    }
}
