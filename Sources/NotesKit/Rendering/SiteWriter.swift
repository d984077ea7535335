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
    public func write(_ files: [SiteFile]) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try refuseForeignFolder(target)
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("cannot create \(parent.path): \(error.localizedDescription)")
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
            throw ConfigurationError("cannot write the site to \(folder): \(error.localizedDescription)")
        }
    }

    private func refuseForeignFolder(_ target: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ConfigurationError("\(folder) exists and is not a folder")
        }
        let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
        if !contents.isEmpty, !contents.contains(Self.marker) {
            throw ConfigurationError("refusing to replace \(folder): it is not empty and was not made by notes build")
        }
    }
}

/// Facts about the build environment that the site shows.
public enum BuildEnvironment {
    /// The first line of `swiftc --version`, or "unknown".
    public static func toolchain() -> String {
        guard let swiftc = try? ChildProcess.resolve("swiftc"),
              let result = try? ChildProcess.run(Command(swiftc, ["--version"]), limits: RunLimits(timeout: .seconds(20))),
              result.termination == .exited(0) else { return "unknown" }
        let text = result.stdout.isEmpty ? result.stderr : result.stdout
        return text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// The date SOURCE_DATE_EPOCH names, as `2026-11-26 23:02 UTC`, or nil when it is unset.
    public static func sourceDate(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let value = environment["SOURCE_DATE_EPOCH"], let seconds = Int(value) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
