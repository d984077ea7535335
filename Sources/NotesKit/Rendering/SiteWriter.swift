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
/// target would silently go stale.
public struct SiteWriter: Sendable {
    public let folder: String
    static let marker = ".notes-site"

    public init(folder: String) {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        self.folder = folder
    }

    private var target: URL { URL(fileURLWithPath: folder).standardizedFileURL }

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

    /// - Throws: ``ConfigurationError`` when the folder cannot be written
    ///   (see ``validate()``).
    func write(_ files: [SiteFile]) throws {
        try validate()
        let manager = FileManager.default
        let parent = target.deletingLastPathComponent()
        removeStaleStaging(in: parent)
        let staging = parent.appendingPathComponent(
            "\(stagingPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        TemporaryPaths.shared.insert(staging.path)
        defer {
            try? manager.removeItem(at: staging)
            TemporaryPaths.shared.remove(staging.path)
        }
        do {
            for file in files + [SiteFile(Self.marker, "made by notes build\n")] {
                try place(file, in: staging)
            }
            try Interruption.throwIfInterrupted()
            if manager.fileExists(atPath: target.path) {
                // The new site takes the old one's place in one step; the
                // old one is then at `staging`, and removed on the way out.
                guard notes_rename_exchange(staging.path, target.path) == 0 else {
                    throw ConfigurationError.outputFolder(
                        path: folder, reason: "cannot swap the new site in: \(String(cString: strerror(errno)))")
                }
            } else {
                try manager.moveItem(at: staging, to: target)
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError.outputFolder(
                path: folder, reason: "cannot write the site there: \(error.localizedDescription)")
        }
    }

    /// Writes one file into the staging folder, or links the current site's
    /// copy when its bytes are the same.
    private func place(_ file: SiteFile, in staging: URL) throws {
        let url = staging.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let current = target.appendingPathComponent(file.path).path
        if let stamp = FileStamp(path: current), stamp.size == file.bytes.count,
            FileManager.default.contents(atPath: current).map({ [UInt8]($0) == file.bytes }) == true,
            link(current, url.path) == 0
        {
            return
        }
        try Data(file.bytes).write(to: url)
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
