public import Foundation
import NotesKit

/// `notes serve`: builds the site, serves it, and rebuilds it whenever a
/// note or a Swift source changes, telling the open pages to reload.
///
/// Every rebuild runs `notes build` as a child process of the newest
/// binary: after a port changes, `swift build` makes a new `notes`, and its
/// registry (the ports' code and expectations) is the one that must judge,
/// never the binary `serve` was started from. The examples whose source
/// changed run afresh. When every changed source is a port's own file or
/// a registry file, the other examples keep the results cached for the
/// previous binary: their code did not change. A change anywhere else (a
/// primitive, ExampleKit) may touch any example, and all of them run.
/// This shortcut is the preview's alone: `notes build` and `notes check`
/// never carry results over from another binary.
public struct PreviewSession: Sendable {
    public var notes: String
    public var out: String
    public var cacheDir: String
    public var port: Int
    /// The package whose `Sources` are watched and rebuilt; nil watches the
    /// notes alone (an installed `notes` without its sources).
    public var packageRoot: String?
    /// Example ids by their source file, to re-run only the affected ones.
    public var examplesBySource: [String: [String]]
    /// The files that register examples: a change there alters only what
    /// the cache key or the check already cover (limits, arguments, expectations).
    public var registryFiles: Set<String>
    /// Options passed on to every `notes build` (`--jobs`, `--no-python`, …).
    public var buildArguments: [String]

    public init(
        notes: String, out: String, cacheDir: String, port: Int, packageRoot: String?,
        examplesBySource: [String: [String]], registryFiles: Set<String>, buildArguments: [String]
    ) {
        self.notes = notes
        self.out = out
        self.cacheDir = cacheDir
        self.port = port
        self.packageRoot = packageRoot
        self.examplesBySource = examplesBySource
        self.registryFiles = registryFiles
        self.buildArguments = buildArguments
    }

    /// Serves until the process is stopped.
    /// - Throws: When the first build cannot write the site, or the port cannot be bound.
    public func run(binary: String, say: @escaping @Sendable (String) -> Void) throws -> Never {
        var binary = binary
        let first = build(with: binary, examples: [])
        if case .failure(let message) = first, !FileManager.default.fileExists(atPath: out + "/index.html") {
            throw PreviewError(message)
        }
        let server = try PreviewServer(folder: out, port: port)
        say(
            "serving http://127.0.0.1:\(server.port)/ — watching \(notes)\(packageRoot.map { " and \($0)/Sources" } ?? ""); Ctrl-C stops"
        )
        if case .failure(let message) = first { server.fail(message) }
        var folders = [notes]
        if let packageRoot { folders.append(packageRoot + "/Sources") }
        var watcher = SourceWatcher(
            folders: folders, skipping: [".build", "site", (out as NSString).lastPathComponent])
        // Sources changed since the last site was written, kept across failed builds.
        var pending: Set<String> = []
        // The binary whose results the cache holds for the examples not in `pending`.
        var lastGood = Digest.sha256(fileAt: binary)
        while true {
            usleep(250_000)
            var changed = watcher.changes()
            guard !changed.isEmpty else { continue }
            usleep(100_000)  // an editor's save is often several writes
            changed.formUnion(watcher.changes())
            let start = Date()
            let sources = changed.filter { path in packageRoot.map { path.hasPrefix($0 + "/Sources/") } ?? false }
            pending.formUnion(sources)
            if !sources.isEmpty, let packageRoot {
                say("sources changed (\(sources.count) file(s)); swift build …")
                switch rebuildBinary(in: packageRoot) {
                case .success(let fresh):
                    binary = fresh
                case .failure(let message):
                    say("swift build failed; the page shows why")
                    server.fail(message)
                    continue
                }
            }
            let confined = pending.allSatisfy { examplesBySource[$0] != nil || registryFiles.contains($0) }
            let affected = pending.flatMap { examplesBySource[$0] ?? [] }.sorted()
            let rerun =
                pending.isEmpty
                ? "notes only" : confined ? "\(affected.count) example(s) re-run" : "every example re-run"
            switch build(with: binary, examples: affected, carryOver: confined ? lastGood : nil) {
            case .success:
                pending = []
                lastGood = Digest.sha256(fileAt: binary)
                server.reload()
                say(String(format: "rebuilt in %.2f s (%@)", Date().timeIntervalSince(start), rerun))
            case .failure(let message):
                server.fail(message)
                say("notes build failed; the page shows why")
            }
        }
    }

    private enum Outcome {
        case success(String)
        case failure(String)
    }

    /// `notes build` of the whole site with `binary`; the examples named run
    /// afresh, and the others may reuse the results of the binary `carryOver`.
    private func build(with binary: String, examples: [String], carryOver: String? = nil) -> Outcome {
        let arguments =
            ["build", "--notes", notes, "--out", out, "--cache-dir", cacheDir, "--quiet"] + buildArguments
            + examples.flatMap { ["--example", $0] } + (carryOver.map { ["--carry-over-binary", $0] } ?? [])
        let result = Self.run(binary, arguments, folder: nil)
        // 1 is a site written with failing blocks on it: still a site.
        guard result.status == 0 || result.status == 1 else {
            return .failure("notes build 退出码 \(result.status)：\n" + result.output)
        }
        return .success(result.output)
    }

    /// `swift build --product notes`, and where the new binary is.
    private func rebuildBinary(in root: String) -> Outcome {
        let built = Self.run("/usr/bin/env", ["swift", "build", "--product", "notes"], folder: root)
        guard built.status == 0 else {
            return .failure(
                "swift build 失败：\n" + built.output.split(separator: "\n").suffix(30).joined(separator: "\n"))
        }
        let bin = Self.run("/usr/bin/env", ["swift", "build", "--show-bin-path"], folder: root)
        let path = bin.output.split(separator: "\n").last.map(String.init) ?? ""
        return .success(path + "/notes")
    }

    /// Runs a program to its end, its output (stdout and stderr) together.
    private static func run(
        _ program: String, _ arguments: [String], folder: String?
    ) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "cannot start \(program): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The preview could not start.
public struct PreviewError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
