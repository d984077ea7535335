import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Notices changed files under some folders by looking at their `stat`
/// stamps a few times a second: simple, and cheap for a course's few
/// hundred files.
///
/// A look that fails half-way (out of file descriptors) sees nothing: a
/// tree it cannot read has not changed.
struct SourceWatcher {
    let folders: [String]
    /// Folders never looked into wherever they are, such as a cache or
    /// the site inside the notes folder: builds write them. Names starting
    /// with a dot (`.build`, `.git`) are never looked into either.
    let skippedFolders: [String]
    private var last: [String: String] = [:]

    init(folders: [String], skippingFolders skippedFolders: [String] = []) {
        self.folders = folders
        self.skippedFolders = skippedFolders
        last = snapshot() ?? [:]
    }

    /// The files added, removed or written since the last call.
    mutating func changes() -> Set<String> {
        guard let now = snapshot() else { return [] }
        var changed = Set(now.keys).symmetricDifference(last.keys)
        for (path, stamp) in now where last[path] != nil && last[path] != stamp { changed.insert(path) }
        last = now
        return changed
    }

    /// A folder, as the device and inode its name leads to now.
    private struct Identity: Hashable {
        var device: UInt
        var inode: UInt
    }

    /// Every regular file's stamp, or nil when a folder or file could not
    /// be read for a reason other than its being gone or forbidden.
    private func snapshot() -> [String: String]? {
        var stamps: [String: String] = [:]
        let skippedIdentities = Set(
            skippedFolders.compactMap { path -> Identity? in
                var info = stat()
                return stat(path, &info) == 0 ? Identity(device: UInt(info.st_dev), inode: UInt(info.st_ino)) : nil
            })
        var pending = folders
        while let folder = pending.popLast() {
            guard let directory = opendir(folder) else {
                if errno == ENOENT || errno == EACCES || errno == ENOTDIR { continue }
                return nil
            }
            defer { closedir(directory) }
            while true {
                errno = 0
                guard let entry = readdir(directory) else {
                    if errno != 0 { return nil }
                    break
                }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    if errno == ENOENT { continue }
                    return nil
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    let identity = Identity(device: UInt(info.st_dev), inode: UInt(info.st_ino))
                    if !skippedIdentities.contains(identity) { pending.append(path) }
                case S_IFREG:
                    stamps[path] =
                        "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
                default:
                    continue
                }
            }
        }
        return stamps
    }
}
