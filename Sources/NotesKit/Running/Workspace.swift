import Foundation

/// A fresh working folder for one run, removed when the run ends.
enum Workspace {
    /// Runs `command`, in a new temporary folder holding `files` when they
    /// are given, and reads `transcript` back from that folder afterwards.
    /// - Throws: ``LaunchError`` when the folder cannot be made or the
    ///   program cannot start.
    static func run(
        _ command: Command, limits: RunLimits, files: [String: String]?, transcript: String?
    ) throws(LaunchError) -> RunResult {
        guard let files else { return try ChildProcess.run(command, limits: limits) }
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("notes-run-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
        } catch {
            try? manager.removeItem(at: folder)
            throw .system(call: "creating a working folder", reason: error.localizedDescription)
        }
        defer { try? manager.removeItem(at: folder) }
        var command = command
        command.workingDirectory = folder.path
        var result = try ChildProcess.run(command, limits: limits)
        if let transcript, let data = manager.contents(atPath: folder.appendingPathComponent(transcript).path) {
            result.transcript = String(decoding: data, as: UTF8.self)
        }
        return result
    }
}
