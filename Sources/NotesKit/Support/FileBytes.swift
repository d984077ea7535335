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
    /// new one. False, and nothing left behind, when it cannot.
    static func writeAtomically(_ chunks: [ArraySlice<UInt8>], to path: String) -> Bool {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var failed = false
        for chunk in chunks where !failed {
            failed = chunk.withUnsafeBytes { writeAll($0, to: descriptor) } != nil
        }
        if close(descriptor) != 0 { failed = true }
        guard !failed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
