#if canImport(Glibc)
    import Glibc
#endif

/// An error from a socket call, with the call's name and `errno`'s text.
package struct SocketError: Error, CustomStringConvertible {
    package var description: String

    init(_ call: String) {
        description = "\(call): \(String(cString: strerror(errno)))"
    }

    init(message: String) {
        description = message
    }
}

/// Small blocking helpers over file descriptors.
enum SocketIO {
    /// Writes all of `bytes`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SocketError("send")
            }
            offset += written
        }
    }

    /// Reads up to a newline (not included), or nil at end of stream.
    static func readLine(_ fd: Int32) throws -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                throw SocketError("read")
            }
            if count == 0 { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }

    /// An address in Linux's abstract Unix-socket namespace: no file to clean up.
    static func abstractAddress(_ name: String) -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8.prefix(100))
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path[0] = 0
            for (index, byte) in bytes.enumerated() { path[index + 1] = byte }
        }
        let length = MemoryLayout<sa_family_t>.size + 1 + bytes.count
        return (address, socklen_t(length))
    }
}
