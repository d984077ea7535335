import Foundation

/// Writes the site into a folder all at once.
///
/// Files go to a temporary folder beside the target, which then takes the
/// target's place: an interrupted build leaves the previous site (or
/// none), never half of one. A marker file identifies folders this tool
/// made, and an existing folder without it is never replaced.
public struct SiteWriter: Sendable {
    public let folder: String
    static let marker = ".notes-site"

    public init(folder: String) {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        self.folder = folder
    }

    /// - Throws: ``ConfigurationError`` when the folder cannot be written,
    ///   or exists, is not empty and was not made by `notes build`.
    func write(_ files: [SiteFile]) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try refuseForeignFolder(target)
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError.outputFolder(
                path: parent.path, reason: "cannot create it: \(error.localizedDescription)")
        }
        let stamp = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(stamp)")
        do {
            for file in files + [SiteFile(Self.marker, "made by notes build\n")] {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            if manager.fileExists(atPath: target.path) {
                let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(stamp)")
                try manager.moveItem(at: target, to: old)
                try manager.moveItem(at: staging, to: target)
                try? manager.removeItem(at: old)
            } else {
                try manager.moveItem(at: staging, to: target)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw ConfigurationError.outputFolder(
                path: folder, reason: "cannot write the site there: \(error.localizedDescription)")
        }
    }

    private func refuseForeignFolder(_ target: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ConfigurationError.outputFolder(path: folder, reason: "exists and is not a folder")
        }
        let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
        if !contents.isEmpty, !contents.contains(Self.marker) {
            throw ConfigurationError.outputFolder(
                path: folder, reason: "refusing to replace it: it is not empty and was not made by notes build")
        }
    }
}
