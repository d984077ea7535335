import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The client a review declares for a block that serves: it waits until
/// the code listens, connects once, sends a message and reads the reply.
///
/// What it did is kept as a transcript in Chinese, one event a line, for
/// the page: the run's own output cannot say that a crash happened on the
/// first connection.
enum DriverClient {
    /// - Parameters:
    ///   - running: Whether the served program is still running; the
    ///     client stops trying to connect once it is not.
    /// - Returns: The transcript.
    static func connect(port: UInt16, message: String, while running: () -> Bool) -> [String] {
        var log: [String] = []
        var fd: Int32 = -1
        while fd < 0 {
            guard running() else {
                log.append("程序在监听 127.0.0.1:\(port) 之前就结束了，客户端没能连上")
                return log
            }
            fd = tryConnect(port)
            if fd < 0 { usleep(20_000) }
        }
        defer { close(fd) }
        log.append("连接到 127.0.0.1:\(port)")
        let bytes = Array(message.utf8)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else {
            log.append("发送失败：\(String(cString: strerror(errno)))")
            return log
        }
        log.append("发送 \(quoted(bytes))")
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
                if received.count >= bytes.count { break }
                continue
            }
            let reason = count == 0 ? "服务器关闭了连接" : describe(errno)
            log.append(received.isEmpty ? "没有收到回复：\(reason)" : "收到 \(quoted(received))，然后\(reason)")
            return log
        }
        log.append("收到 \(quoted(received))")
        return log
    }

    private static func tryConnect(_ port: UInt16) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return fd }
        close(fd)
        return -1
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case ECONNRESET: "连接被对方重置"
        case EAGAIN, EWOULDBLOCK: "一秒内没有回复"
        default: String(cString: strerror(code))
        }
    }

    /// Bytes as Python writes them: `b'hello\n'`.
    private static func quoted(_ bytes: [UInt8]) -> String {
        var text = "b'"
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "'"): text += "\\'"
            case UInt8(ascii: "\n"): text += "\\n"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text + "'"
    }
}
