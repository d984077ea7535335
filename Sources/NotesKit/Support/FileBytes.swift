import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes written to files with write(2), straight from their buffers.
enum FileBytes {
    /// The file's bytes, read straight into an array (not into `Data`
    /// and then copied); nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, count))) }
            let read = bytes.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if read == 0 { break }
            count += read
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Writes all of `buffer`; why it could not, or nil.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    /// Writes the chunks one after another to a new file beside `path`,
    /// then renames it to `path`: a reader sees the old file or the whole
    /// new one. Nothing is flushed to the disk (no fsync(2), which
    /// Foundation's `Data.write` makes and which costs milliseconds on
    /// ext4): these are caches, manifests and markers, checked when read.
    /// - Returns: Why it could not, with nothing left behind; nil when written.
    @discardableResult
    static func writeAtomically(_ chunks: [ArraySlice<UInt8>], to path: String) -> String? {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        for chunk in chunks where failure == nil {
            failure = chunk.withUnsafeBytes { writeAll($0, to: descriptor) }
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if failure != nil { unlink(temporary) }
        return failure
    }

    /// ``writeAtomically(_:to:)`` of one buffer.
    @discardableResult
    static func writeAtomically(_ data: Data, to path: String) -> String? {
        writeAtomically([[UInt8](data)[...]], to: path)
    }
}
