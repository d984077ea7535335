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
        _ = tidied
        // A short name: Python puts Unix sockets under it (a Manager's
        // `pymp-…/listener-…`), and a socket's path may not pass 107 bytes.
        // `RunView` hides this name in the output a page shows.
        let name = randomName()
        let top = manager.temporaryDirectory.appendingPathComponent(
            files == nil ? "\(runPrefix)\(name)" : "\(jobPrefix)\(name)")
        let folder = files == nil ? top : top.appendingPathComponent("\(runPrefix)\(name)")
        let lock = try makeLocked(top)
        defer { close(lock) }
        do {
            if files != nil { try manager.createDirectory(at: folder, withIntermediateDirectories: false) }
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

    static let runPrefix = "notes-run-"
    static let jobPrefix = "notes-job-"
    static let newPrefix = "notes-new-"

    /// Makes `folder` and locks it (flock(2)) for as long as the returned
    /// descriptor is open: a folder that no process holds locked was left
    /// by a `notes` that was killed. It is made under another name and
    /// renamed once locked, so that it is never seen unlocked.
    private static func makeLocked(_ folder: URL) throws(LaunchError) -> Int32 {
        let parent = folder.deletingLastPathComponent().path
        let making = "\(parent)/\(newPrefix)\(folder.lastPathComponent.suffix(8))"
        guard mkdir(making, 0o700) == 0 else {
            throw .system(call: "creating a working folder", reason: String(cString: strerror(errno)))
        }
        let descriptor = open(making, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, flock(descriptor, LOCK_EX) == 0, rename(making, folder.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            rmdir(making)
            throw .system(call: "locking a working folder", reason: reason)
        }
        return descriptor
    }

    /// Removes, once a process, the run folders that killed runs of `notes`
    /// left in the temporary folder: those no process holds locked (and
    /// half-made ones a minute old).
    static let tidied: Void = removeLeftovers(in: FileManager.default.temporaryDirectory.path)

    static func removeLeftovers(in temporary: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for entry in entries where entry.hasPrefix(runPrefix) || entry.hasPrefix(jobPrefix) {
            let path = "\(temporary)/\(entry)"
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }  // a run still going
            try? FileManager.default.removeItem(atPath: path)
        }
        for entry in entries where entry.hasPrefix(newPrefix) {
            let path = "\(temporary)/\(entry)"
            var info = stat()
            guard lstat(path, &info) == 0, time(nil) - info.st_mtim.tv_sec > 60 else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Eight random letters and digits.
    private static func randomName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<8).map { _ in alphabet.randomElement()! })
    }
}
