import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes written to files with write(2), straight from their buffers.
enum FileBytes {
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
