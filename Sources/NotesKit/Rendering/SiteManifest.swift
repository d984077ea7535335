import Foundation

/// What each file of a built site was made from, kept in the cache folder
/// (`sites/<digest of the site's path>.json`), so that the next build
/// renders only the pages whose inputs changed and links the rest from
/// the site it replaces.
///
/// An entry's `inputs` is a digest of everything its page shows: the note's
/// text, the block reports of its chapter, its ports' sources, the titles
/// of its neighbours, the site's options and the `notes` binary itself. A
/// file is reused only when its digest matches and the file on disk has
/// the stamp recorded when it was written (the same inode, size and
/// modification time), so a page edited, truncated or replaced by hand is
/// rendered again. A manifest that cannot be read is no manifest: every
/// page is rendered.
struct SiteManifest: Codable, Sendable, Equatable {
    /// Bumped when the meaning of the digests changes.
    static let currentFormat = 1

    struct Stamp: Codable, Sendable, Hashable {
        var inode: UInt64
        var size: Int64
        var modified: Int64

        init(_ stamp: FileStamp) {
            inode = stamp.inode
            size = stamp.size
            modified = stamp.modified
        }
    }

    struct Entry: Codable, Sendable, Equatable {
        /// The digest of the file's inputs; empty for a file written without one.
        var inputs: String
        var stamp: Stamp
    }

    var format = Self.currentFormat
    var files: [String: Entry] = [:]

    static func read(from path: String) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data),
            manifest.format == currentFormat
        else { return nil }
        return manifest
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let reason = FileBytes.writeAtomically(try encoder.encode(self), to: path) {
            throw ConfigurationError.outputFolder(path: path, reason: "cannot write the site's manifest: \(reason)")
        }
    }

    /// The digest recorded for `path`, if its entry has one.
    func inputs(of path: String) -> String? {
        files[path].flatMap { $0.inputs.isEmpty ? nil : $0.inputs }
    }
}
