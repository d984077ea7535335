import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files read and written with read(2) and write(2), straight from their buffers.
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
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, count))) }
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

    /// At most `limit` bytes of the plain file at `path`, read without
    /// following a symbolic link: a file that a sandboxed run could have
    /// made (its trace), read by `notes` itself. Nil when it is missing,
    /// is not a plain file, or cannot be read.
    static func readPlainFile(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: max(0, min(limit, Int(info.st_size))))
        var count = 0
        while count < bytes.count {
            let read = bytes.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count)
            }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { break }
            count += read
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Writes `bytes` to a file made new at `path`: nothing that is there
    /// already (a file, a symbolic link someone left) is followed or
    /// overwritten. Why it could not, or nil.
    @discardableResult
    static func writeNew(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        let failure = bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
        close(descriptor)
        return failure
    }

    /// A new file written with write(2): small buffers gathered into
    /// writes of at least 64 kB, large ones written straight from where
    /// they are (a chapter's page is its frame and each block's markup).
    struct Writer {
        private let descriptor: Int32
        private var pending: [UInt8] = []
        /// Why the file could not be made or written, once it could not.
        private var failure: String?
        private static let gather = 64 * 1024

        /// Makes the file at `path`, or empties it.
        init(_ path: String) {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 { failure = String(cString: strerror(errno)) }
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil else { return }
            if pending.count + bytes.count <= Self.gather {
                pending.append(contentsOf: bytes)
                return
            }
            flush()
            if bytes.count >= Self.gather {
                failure = failure ?? FileBytes.writeAll(bytes, to: descriptor)
            } else {
                pending.append(contentsOf: bytes)
            }
        }

        /// Writes what is gathered and closes the file; why it could not, or nil.
        consuming func finish() -> String? {
            guard descriptor >= 0 else { return failure }
            flush()
            if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            return failure
        }

        private mutating func flush() {
            guard failure == nil, !pending.isEmpty else { return }
            failure = pending.withUnsafeBytes { FileBytes.writeAll($0, to: descriptor) }
            pending.removeAll(keepingCapacity: true)
        }
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
        var file = Writer(temporary)
        for chunk in chunks { chunk.withUnsafeBytes { file.write($0) } }
        var failure = file.finish()
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
