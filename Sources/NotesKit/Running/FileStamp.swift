import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `stat` says about a file: device, inode, size and change times.
///
/// Two equal stamps mean the file was not written in between (the rule
/// git's index and make rely on); a new stamp means it may have been. A
/// slow fact about a file (its SHA-256, what an interpreter answers) is
/// remembered under its stamp, so that an unchanged re-check does not
/// read a 70 MB binary or start a Python just to learn the same answer.
struct FileStamp: Sendable, Hashable, Codable, CustomStringConvertible {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    /// The stamp of `path` (following symbolic links), or nil if it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    var description: String { "\(device):\(inode) \(size) bytes m\(modified) c\(changed)" }
}

extension RunCache {
    /// The value remembered for `key`, or `compute()`'s, which is then
    /// remembered. The key must include every stamp the value depends on.
    func remembered<Value: Codable>(
        _ key: String, _ compute: () throws(LaunchError) -> Value
    ) throws(LaunchError)
        -> Value
    {
        let path = "\(directory)/facts/\(Digest.sha256(key)).json"
        if let data = FileManager.default.contents(atPath: path),
            let entry = try? JSONDecoder().decode(Fact<Value>.self, from: data), entry.key == key
        {
            return entry.value
        }
        let value = try compute()
        if let data = try? JSONEncoder().encode(Fact(key: key, value: value)) {
            try? FileManager.default.createDirectory(atPath: "\(directory)/facts", withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return value
    }

    private struct Fact<Value: Codable>: Codable {
        var key: String
        var value: Value
    }
}
