import ExampleKit
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A listening TCP socket: Python's `socket()`, `bind()` and `listen()`.
///
/// It binds 127.0.0.1 on an ephemeral port unless told otherwise, so
/// examples never collide with each other or with anything else.
package final class TCPListener: @unchecked Sendable {
    package let fd: Int32
    /// The port it listens on (the one the kernel chose, for port 0).
    package let port: UInt16

    package init(host: String = "127.0.0.1", port: UInt16 = 0, backlog: Int32 = 20) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = try Self.address(host, port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            let error = SocketError("bind/listen \(host):\(port)")
            Glibc.close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    /// Waits for the next connection.
    /// - Throws: ``SocketError`` once the listener is shut down.
    package func accept() throws -> TCPConnection {
        while true {
            let connection = Glibc.accept(fd, nil, nil)
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                return TCPConnection(fd: connection, served: TCPConnection.nextServedName())
            }
            if errno != EINTR { throw SocketError("accept") }
        }
    }

    /// Makes every blocked and future `accept()` fail, so accept loops end.
    /// The descriptor stays open until `close()`.
    package func shutdown() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    package func close() {
        _ = Glibc.close(fd)
    }

    static func address(_ host: String, _ port: UInt16) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw SocketError(message: "not an IPv4 address: \(host)")
        }
        return address
    }
}

/// One end of a TCP connection.
///
/// A traced run (``Tracer``) records a connection a server accepted as a
/// span on a lane of its own (`连接 1`), from `accept()` to `close()`.
package final class TCPConnection: @unchecked Sendable {
    package let fd: Int32
    /// The lane of a connection a server accepted; nil for a client's.
    private let served: String?
    private let closed = NSLock()
    private var isClosed = false

    init(fd: Int32, served: String? = nil) {
        self.fd = fd
        self.served = served
        if let served { Tracer.begin(.connection, served, lane: served) }
    }

    private static let counter = NSLock()
    nonisolated(unsafe) private static var accepted = 0

    /// `连接 N`, N counting the connections this process accepted.
    static func nextServedName() -> String {
        counter.withLock {
            accepted += 1
            return "连接 \(accepted)"
        }
    }

    /// Connects to `host:port`.
    package static func connect(host: String = "127.0.0.1", port: UInt16) throws -> TCPConnection {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        var address = try TCPListener.address(host, port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = SocketError("connect \(host):\(port)")
            Glibc.close(fd)
            throw error
        }
        return TCPConnection(fd: fd)
    }

    /// Receives up to `maxLength` bytes; an empty result means the peer closed.
    package func recv(_ maxLength: Int = 1024) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxLength)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer[..<count]) }
            if errno != EINTR { throw SocketError("recv") }
        }
    }

    /// Receives exactly `length` bytes, or fewer if the peer closes first.
    package func recv(exactly length: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < length {
            let chunk = try recv(length - bytes.count)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }

    /// Sends all of `bytes`.
    package func send(_ bytes: [UInt8]) throws {
        try SocketIO.writeAll(fd, bytes)
    }

    package func close() {
        let first = closed.withLock {
            defer { isClosed = true }
            return !isClosed
        }
        guard first else { return }
        _ = Glibc.close(fd)
        if let served { Tracer.end(.connection, served, lane: served) }
    }
}
