import Foundation

/// Notices changed files under some folders by looking at their `stat`
/// stamps a few times a second: simple, and cheap for a course's few
/// hundred files.
struct SourceWatcher {
    let folders: [String]
    /// Folder names never looked into (build products, caches, the site).
    let skipped: Set<String>
    private var last: [String: String] = [:]

    init(folders: [String], skipping skipped: Set<String>) {
        self.folders = folders
        self.skipped = skipped
        last = snapshot()
    }

    /// The files added, removed or written since the last call.
    mutating func changes() -> Set<String> {
        let now = snapshot()
        var changed = Set(now.keys).symmetricDifference(last.keys)
        for (path, stamp) in now where last[path] != nil && last[path] != stamp { changed.insert(path) }
        last = now
        return changed
    }

    private func snapshot() -> [String: String] {
        var stamps: [String: String] = [:]
        let manager = FileManager.default
        for folder in folders {
            guard let walker = manager.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") || skipped.contains(name) {
                    walker.skipDescendants()
                    continue
                }
                let path = folder + "/" + relative
                guard let attributes = try? manager.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                let size = attributes[.size] as? Int ?? 0
                let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                stamps[path] = "\(size) \(date)"
            }
        }
        return stamps
    }
}
