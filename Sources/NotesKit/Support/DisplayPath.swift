import Foundation

/// Paths as the user should see them in messages.
enum DisplayPath {
    /// `path` relative to the working directory when it lies under it, so
    /// that messages name files the way the user would type them.
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}
