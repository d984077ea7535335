import CNotesSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the site into a folder all at once.
///
/// Files go to a staging folder beside the target, which then trades
/// places with the target in one step (`renameat2` with
/// `RENAME_EXCHANGE`), so that at every moment a whole site is there: the
/// previous one until the swap, the new one after it. A file whose bytes
/// are unchanged is hard-linked from the current site instead of written
/// again. An interrupted build leaves its staging folder behind at worst,
/// and the next build removes it.
///
/// A marker file identifies folders this tool made: an existing folder
/// without it is never replaced, and neither is a symbolic link, whose
/// target would silently go stale. The marker lists the files the build
/// wrote; anything else the user put in the folder (a `CNAME`, a `.git`
/// folder, notes of their own) is carried into the new site, not deleted.
public struct SiteWriter: Sendable {
    public let folder: String
    static let marker = ".notes-site"

    /// Where the manifest of the site is kept (in the cache folder, so
    /// the site itself stays byte-for-byte reproducible); nil keeps none,
    /// and every build renders every page.
    public var manifestPath: String?

    public init(folder: String) {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        self.folder = folder
        target = URL(fileURLWithPath: folder).standardizedFileURL
        targetPath = target.path
    }

    /// The writer, keeping its manifest in the cache folder `cacheDirectory`
    /// under the digest of the site folder's absolute path.
    public func keepingManifest(in cacheDirectory: String?) -> SiteWriter {
        var writer = self
        writer.manifestPath = cacheDirectory.map { "\($0)/sites/\(Digest.sha256(target.path)).json" }
        return writer
    }

    /// The folder as an absolute path, worked out once: asking a URL for
    /// a file's path under it looks at the disk, once a file of the site.
    fileprivate let target: URL
    fileprivate let targetPath: String

    /// Checks that the site may be written to the folder: call it before
    /// anything runs, so that a bad `--out` costs nothing.
    /// - Throws: ``ConfigurationError`` for a symbolic link, a file, a
    ///   folder this tool did not make, or a parent that cannot be made.
    public func validate() throws {
        let manager = FileManager.default
        if let destination = try? manager.destinationOfSymbolicLink(atPath: target.path) {
            throw ConfigurationError.outputFolder(
                path: folder,
                reason: "is a symbolic link to \(destination); give the folder itself (or another path) as --out")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError.outputFolder(path: folder, reason: "exists and is not a folder")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            if !contents.isEmpty, !contents.contains(Self.marker) {
                throw ConfigurationError.outputFolder(
                    path: folder, reason: "refusing to replace it: it is not empty and was not made by notes build")
            }
        }
        let parent = target.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError.outputFolder(
                path: parent.path, reason: "cannot create it: \(error.localizedDescription)")
        }
        guard access(parent.path, W_OK) == 0 else {
            throw ConfigurationError.outputFolder(path: parent.path, reason: "is not writable")
        }
    }

    /// Writes `files` as the whole site.
    /// - Throws: ``ConfigurationError`` when the folder cannot be written
    ///   (see ``validate()``).
    func write(_ files: [SiteFile]) throws {
        let staging = try begin()
        for file in files { try staging.place(file) }
        try staging.commit(manifest: SiteManifest())
    }

    /// Starts a new site in a staging folder beside the target; files are
    /// placed into it, from several threads at once if need be, and
    /// ``Staging/commit(manifest:)`` swaps it in.
    /// - Throws: ``ConfigurationError`` when the folder cannot be written.
    func begin() throws -> Staging {
        try validate()
        let parent = target.deletingLastPathComponent()
        removeStaleStaging(in: parent)
        let staging = parent.appendingPathComponent(
            "\(stagingPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        TemporaryPaths.shared.insert(staging.path)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            TemporaryPaths.shared.remove(staging.path)
            throw ConfigurationError.outputFolder(
                path: folder, reason: "cannot write the site there: \(error.localizedDescription)")
        }
        return Staging(writer: self, folder: staging)
    }

    /// Removes what killed builds left beside the site; a build that
    /// writes nothing (nothing changed) still tidies up.
    func removeLeftovers() {
        removeStaleStaging(in: target.deletingLastPathComponent())
    }

    /// The manifest of the site now in the folder, if it has a readable one.
    func currentManifest() -> SiteManifest? {
        manifestPath.flatMap(SiteManifest.read(from:))
    }

    /// Whether the file at `path` of the current site is the one the
    /// manifest recorded: not removed, rewritten or truncated since.
    func isIntact(_ path: String, in manifest: SiteManifest) -> Bool {
        guard let entry = manifest.files[path], let stamp = FileStamp(path: "\(targetPath)/\(path)")
        else { return false }
        return entry.stamp == SiteManifest.Stamp(stamp)
    }

    /// A site being written; it replaces the target only when committed,
    /// and is removed if it never is.
    final class Staging: @unchecked Sendable {
        let writer: SiteWriter
        let folder: URL
        private let folderPath: String
        private let lock = NSLock()
        private var folders: Set<String> = [""]
        private var placed: [String: SiteManifest.Entry] = [:]
        private var finished = false

        fileprivate init(writer: SiteWriter, folder: URL) {
            self.writer = writer
            self.folder = folder
            folderPath = folder.path
        }

        deinit {
            if !finished { discard() }
        }

        /// Writes one file, or links the current site's copy when its bytes are the same.
        func place(_ file: SiteFile, inputs: String = "") throws {
            let staged = try prepare(file.path)
            // A link kept here before is the current site's file: it is replaced, never written through.
            unlink(staged)
            let current = "\(writer.targetPath)/\(file.path)"
            if let stamp = FileStamp(path: current), stamp.size == file.count,
                let existing = FileManager.default.contents(atPath: current), Self.equal(existing, file.pieces),
                link(current, staged) == 0
            {
                record(file.path, inputs: inputs, staged: staged)
                return
            }
            if let reason = Self.write(file.pieces, to: staged) {
                throw ConfigurationError.outputFolder(
                    path: writer.folder, reason: "cannot write \(file.path): \(reason)")
            }
            record(file.path, inputs: inputs, staged: staged)
        }

        /// Whether `data` holds the pieces' bytes and nothing else.
        private static func equal(_ data: Data, _ pieces: [SiteFile.Piece]) -> Bool {
            data.withUnsafeBytes { old in
                var offset = 0
                for piece in pieces {
                    let same = piece.withBytes { new in
                        offset + new.count <= old.count
                            && (new.isEmpty || memcmp(old.baseAddress! + offset, new.baseAddress!, new.count) == 0)
                    }
                    guard same else { return false }
                    offset += piece.count
                }
                return offset == old.count
            }
        }

        /// Writes the pieces to a new file at `path`, straight from their
        /// buffers; why it could not, or nil.
        private static func write(_ pieces: [SiteFile.Piece], to path: String) -> String? {
            var file = FileBytes.Writer(path)
            for piece in pieces { piece.withBytes { file.write($0) } }
            return file.finish()
        }

        /// Links the current site's file at `path`, unchanged; false when it cannot.
        func keep(_ path: String, inputs: String) throws -> Bool {
            let staged = try prepare(path)
            guard link("\(writer.targetPath)/\(path)", staged) == 0 else { return false }
            record(path, inputs: inputs, staged: staged)
            return true
        }

        /// Swaps the staged site in, with its manifest, in one step.
        func commit(manifest: SiteManifest) throws {
            var manifest = manifest
            manifest.files = lock.withLock { placed }
            let manager = FileManager.default
            let target = writer.target
            if let path = writer.manifestPath { try? FileManager.default.removeItem(atPath: path) }
            let written = manifest.files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            do {
                if let reason = FileBytes.writeAtomically(
                    [Array((["made by notes build"] + written).joined(separator: "\n").utf8)[...], [0x0A]],
                    to: "\(folderPath)/\(SiteWriter.marker)")
                {
                    throw ConfigurationError.outputFolder(
                        path: writer.folder, reason: "cannot write the site there: \(reason)")
                }
                try Interruption.throwIfInterrupted()
                carryOver(into: Set(written))
                if manager.fileExists(atPath: target.path) {
                    // The new site takes the old one's place in one step; the
                    // old one is then at `folder`, and removed below.
                    guard notes_rename_exchange(folder.path, target.path) == 0 else {
                        throw ConfigurationError.outputFolder(
                            path: writer.folder,
                            reason: "cannot swap the new site in: \(String(cString: strerror(errno)))")
                    }
                } else {
                    try manager.moveItem(at: folder, to: target)
                }
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError.outputFolder(
                    path: writer.folder, reason: "cannot write the site there: \(error.localizedDescription)")
            }
            discard()
            // After the swap: a manifest never describes a site that is not there.
            if let path = writer.manifestPath {
                try? FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? manifest.write(to: path)
            }
        }

        /// Moves what the user added to the current site (what its build did
        /// not write, by its marker's list, or by the manifest of a site
        /// made before the list) into the staged one, unless the new site
        /// has a file there. Without either list nothing is known to be the
        /// user's, and nothing is carried.
        private func carryOver(into newSite: Set<String>) {
            let current = writer.targetPath
            let listed = FileManager.default.contents(atPath: "\(current)/\(SiteWriter.marker)").map {
                String(decoding: $0, as: UTF8.self).split(separator: "\n").dropFirst().map(String.init)
            }
            let ours =
                listed.flatMap { $0.isEmpty ? nil : Set($0) } ?? writer.currentManifest().map { Set($0.files.keys) }
            guard let ours else { return }
            var ourFolders: Set<String> = []
            for path in ours.union(newSite) {
                var folder = path
                while let slash = folder.lastIndex(of: "/") {
                    folder = String(folder[..<slash])
                    guard ourFolders.insert(folder).inserted else { break }
                }
            }
            func walk(_ relative: String) {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: "\(current)/\(relative)")) ?? []
                for entry in entries {
                    let path = relative.isEmpty ? entry : "\(relative)/\(entry)"
                    if path == SiteWriter.marker || ours.contains(path) || newSite.contains(path) { continue }
                    if ourFolders.contains(path) {
                        walk(path)
                        continue
                    }
                    if let parent = path.lastIndex(of: "/").map({ String(path[..<$0]) }) {
                        try? FileManager.default.createDirectory(
                            atPath: "\(folderPath)/\(parent)", withIntermediateDirectories: true)
                    }
                    rename("\(current)/\(path)", "\(folderPath)/\(path)")
                }
            }
            walk("")
        }

        private func discard() {
            finished = true
            try? FileManager.default.removeItem(at: folder)
            TemporaryPaths.shared.remove(folder.path)
        }

        /// Makes the folder of the file `path` of the site, if need be; the file's path in the staging folder.
        /// - Throws: ``Interruption/Interrupted`` once an interrupt has
        ///   arrived: no file is written after it, so the signal handler
        ///   removes a staging folder that nothing fills again.
        private func prepare(_ path: String) throws -> String {
            try Interruption.throwIfInterrupted()
            let staged = "\(folderPath)/\(path)"
            let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            do {
                try lock.withLock {
                    // Under the lock, so that no other thread writes into a folder still being made.
                    if folders.insert(parent).inserted {
                        try FileManager.default.createDirectory(
                            atPath: "\(folderPath)/\(parent)", withIntermediateDirectories: true)
                    }
                }
            } catch {
                throw ConfigurationError.outputFolder(
                    path: writer.folder, reason: "cannot write \(path): \(error.localizedDescription)")
            }
            return staged
        }

        private func record(_ path: String, inputs: String, staged: String) {
            guard let stamp = FileStamp(path: staged) else { return }
            lock.withLock { placed[path] = SiteManifest.Entry(inputs: inputs, stamp: SiteManifest.Stamp(stamp)) }
        }
    }

    /// `.site.staging-`: the staging folders of this target begin so.
    private var stagingPrefix: String { ".\(target.lastPathComponent).staging-" }

    /// Removes staging folders that builds which were killed left beside
    /// the target (their process no longer runs), and the `.tmp-` and
    /// `.old-` folders of earlier versions.
    private func removeStaleStaging(in parent: URL) {
        let name = target.lastPathComponent
        let prefixes = [stagingPrefix, ".\(name).tmp-", ".\(name).old-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let prefix = prefixes.first(where: entry.hasPrefix) else { continue }
            let pid = entry.dropFirst(prefix.count).prefix { $0.isNumber }
            if let pid = pid_t(pid), pid != getpid(), kill(pid, 0) == 0 { continue }  // a build still running
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
    }
}
