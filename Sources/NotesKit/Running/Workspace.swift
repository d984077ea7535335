import Foundation

/// A fresh working folder for one run, removed when the run ends.
///
/// Every run gets one as its `TMPDIR`, so that whatever it leaves in a
/// temporary folder (the Swift driver's `TemporaryDirectory.*`, Python's
/// `pymp-*`) goes when the run does. A run of the notes' code (one with
/// `files`) starts in it, with the files it needs written there; its
/// folder sits in a folder of its own that the sandbox does not show,
/// where the helper leaves its transcript, and when `notes` runs as root
/// it belongs to the sandbox's user, the only one it lets write.
enum Workspace {
    /// Runs `command` with a new temporary folder as `TMPDIR`; with
    /// `files`, also writes them there and starts the run in it. Reads
    /// `transcript` back from the folder that holds it afterwards.
    /// - Throws: ``LaunchError`` when the folder cannot be made or the
    ///   program cannot start.
    static func run(
        _ command: Command, limits: RunLimits, files: [String: String]?, transcript: String?
    ) throws(LaunchError) -> RunResult {
        let manager = FileManager.default
        // A short name: Python puts Unix sockets under it (a Manager's
        // `pymp-…/listener-…`), and a socket's path may not pass 107 bytes.
        // `RunView` hides this name in the output a page shows.
        let name = randomName()
        let top = manager.temporaryDirectory.appendingPathComponent(
            files == nil ? "notes-run-\(name)" : "notes-job-\(name)")
        let folder = files == nil ? top : top.appendingPathComponent("notes-run-\(name)")
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files ?? [:] {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
            if files != nil, geteuid() == 0, chown(folder.path, uid_t(Sandbox.user), gid_t(Sandbox.user)) != 0 {
                throw CocoaError(.fileWriteNoPermission)
            }
        } catch {
            try? manager.removeItem(at: top)
            throw .system(call: "creating a working folder", reason: error.localizedDescription)
        }
        TemporaryPaths.shared.insert(top.path)
        defer {
            try? manager.removeItem(at: top)
            TemporaryPaths.shared.remove(top.path)
        }
        var command = command
        command.environment["TMPDIR"] = folder.path
        let tracePath = folder.appendingPathComponent(TraceCollector.fileName).path
        command.environment["NOTES_TRACE"] = tracePath
        if files != nil { command.workingDirectory = folder.path }
        let start = TraceCollector.now()
        var result = try ChildProcess.run(command, limits: limits)
        if let transcript,
            let bytes = FileBytes.readPlainFile(top.appendingPathComponent(transcript).path, limit: limits.outputCap)
        {
            result.transcript = String(decoding: bytes, as: UTF8.self)
        }
        result.trace = TraceCollector.read(tracePath, start: start)
        return result
    }

    /// Eight random letters and digits.
    private static func randomName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<8).map { _ in alphabet.randomElement()! })
    }
}
