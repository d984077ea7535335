import Foundation
import NIOCore
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
    /// How long a `notes build` or a `swift build` may run before it is
    /// stopped and the page says so.
    public var timeLimit: Duration = .seconds(600)

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

    /// Serves until the process is stopped. A signal (SIGINT, SIGTERM,
    /// SIGHUP) stops the build under way and exits 128 + its number.
    /// - Throws: ``ConfigurationError`` for an `--out` that `notes build`
    ///   refuses or a missing notes folder, before anything is bound or
    ///   built; ``PreviewError`` when the port cannot be bound, or the first
    ///   build writes no site.
    public func run(binary: String, say: @escaping @Sendable (String) -> Void) throws -> Never {
        try SiteWriter(folder: out).validate()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: notes, isDirectory: &isFolder) else {
            throw ConfigurationError.notesFolderMissing(notes)
        }
        guard isFolder.boolValue else { throw ConfigurationError.notesFolderIsAFile(notes) }
        Signals.shared.install()
        let server: PreviewServer
        do {
            server = try PreviewServer(folder: out, port: port)
        } catch {
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw PreviewError("cannot listen on 127.0.0.1:\(port): \(reason)", status: 2)
        }
        var rebuild = Rebuild(binary: binary)
        let first = build(with: binary, examples: [])
        if case .failure(let message, _, let status) = first,
            !FileManager.default.fileExists(atPath: out + "/index.html")
        {
            throw PreviewError(message, status: status == 2 ? 2 : 1)
        }
        say(
            "serving http://127.0.0.1:\(server.port)/ — watching \(notes)\(packageRoot.map { " and \($0)/Sources" } ?? ""); Ctrl-C stops"
        )
        if case .failure(let message, _, _) = first { server.fail(message) }
        var watcher = makeWatcher()
        while true {
            usleep(250_000)
            var changed = watcher.changes()
            guard !changed.isEmpty else { continue }
            usleep(100_000)  // an editor's save is often several writes
            changed.formUnion(watcher.changes())
            self.rebuild(changed, &rebuild, server: server, say: say)
        }
    }

    /// What the watcher looks at: the notes and the package's sources, but
    /// not the cache or the site, which builds write, wherever they are.
    func makeWatcher() -> SourceWatcher {
        var folders = [notes]
        if let packageRoot { folders.append(packageRoot + "/Sources") }
        return SourceWatcher(folders: folders, skippingFolders: [out, cacheDir])
    }

    /// What one rebuild leaves to the next.
    struct Rebuild {
        /// The `notes` binary of the newest sources.
        var binary: String
        /// Sources changed since the last site was written, kept across failed builds.
        var pending: Set<String> = []
        /// The binary whose results the cache holds for the examples not in `pending`.
        var lastGood: String?

        init(binary: String) {
            self.binary = binary
            lastGood = Digest.sha256(fileAt: binary)
        }
    }

    /// Rebuilds the site after `changed` files changed: `swift build` first
    /// when a source did, then `notes build`. Every failure is shown on
    /// the page, and said.
    func rebuild(
        _ changed: Set<String>, _ rebuild: inout Rebuild, server: PreviewServer, say: (String) -> Void
    ) {
        let start = Date()
        let sources = changed.filter { path in packageRoot.map { path.hasPrefix($0 + "/Sources/") } ?? false }
        rebuild.pending.formUnion(sources)
        if !sources.isEmpty, let packageRoot {
            say("sources changed (\(sources.count) file(s)); swift build …")
            switch rebuildBinary(in: packageRoot) {
            case .success(let fresh):
                rebuild.binary = fresh
            case .failure(let message, let said, _):
                say(said)
                server.fail(message)
                return
            }
        }
        let pending = rebuild.pending
        let confined = pending.allSatisfy { examplesBySource[$0] != nil || registryFiles.contains($0) }
        let affected = pending.flatMap { examplesBySource[$0] ?? [] }.sorted()
        let rerun =
            pending.isEmpty ? "notes only" : confined ? "\(affected.count) example(s) re-run" : "every example re-run"
        switch build(with: rebuild.binary, examples: affected, carryOver: confined ? rebuild.lastGood : nil) {
        case .success:
            rebuild.pending = []
            rebuild.lastGood = Digest.sha256(fileAt: rebuild.binary)
            server.reload()
            say(String(format: "rebuilt in %.2f s (%@)", Date().timeIntervalSince(start), rerun))
        case .failure(let message, let said, _):
            server.fail(message)
            say(said)
        }
    }

    private enum Outcome {
        case success(String)
        /// What the page shows, what the terminal says, and the exit status
        /// (-1: the program did not start, or did not finish in time).
        case failure(String, said: String, status: Int32)
    }

    /// `notes build` of the whole site with `binary`; the examples named run
    /// afresh, and the others may reuse the results of the binary `carryOver`.
    private func build(with binary: String, examples: [String], carryOver: String? = nil) -> Outcome {
        let arguments =
            ["build", "--notes", notes, "--out", out, "--cache-dir", cacheDir, "--quiet"] + buildArguments
            + examples.flatMap { ["--example", $0] } + (carryOver.map { ["--carry-over-binary", $0] } ?? [])
        let result: Finished
        do throws(Stopped) {
            result = try run("notes build", binary, arguments)
        } catch {
            return .failure(error.page, said: error.said, status: -1)
        }
        // 1 is a site written with failing blocks on it: still a site.
        guard result.status == 0 || result.status == 1 else {
            return .failure(
                "notes build 退出码 \(result.status)：\n" + result.output, said: "notes build failed; the page shows why",
                status: result.status)
        }
        return .success(result.output)
    }

    /// `swift build --product notes`, and where the new binary is.
    private func rebuildBinary(in root: String) -> Outcome {
        do throws(Stopped) {
            let built = try run("swift build", "swift", ["build", "--package-path", root, "--product", "notes"])
            guard built.status == 0 else {
                return .failure(
                    "swift build 失败：\n" + built.output.split(separator: "\n").suffix(30).joined(separator: "\n"),
                    said: "swift build failed; the page shows why", status: built.status)
            }
            let bin = try run("swift build", "swift", ["build", "--package-path", root, "--show-bin-path"])
            let path = bin.output.split(separator: "\n").last.map(String.init) ?? ""
            return .success(path + "/notes")
        } catch {
            return .failure(error.page, said: error.said, status: -1)
        }
    }

    /// A program's exit status and output.
    private typealias Finished = (status: Int32, output: String)

    /// A program that did not start, or did not finish in time.
    private struct Stopped: Error {
        var page: String
        var said: String
    }

    /// Runs a program to its end within ``timeLimit``, its output (stdout
    /// and stderr) together.
    private func run(_ name: String, _ program: String, _ arguments: [String]) throws(Stopped) -> Finished {
        do throws(BuildProcess.Failure) {
            return try BuildProcess.run(program, arguments, limit: timeLimit)
        } catch .cannotStart(let reason) {
            throw Stopped(page: "\(name) 无法启动：\(reason)", said: "\(name) could not start (\(reason)); the page says so")
        } catch {
            let limit = "\(timeLimit.components.seconds)"
            throw Stopped(
                page: "\(name) 运行超过 \(limit) 秒，已停止。",
                said: "\(name) ran past \(limit) s and was stopped; the page says so")
        }
    }
}

/// The preview could not start.
public struct PreviewError: Error, CustomStringConvertible {
    public var description: String
    /// The exit status: 2 for a port that cannot be bound or a build that
    /// refused its configuration, 1 for a build that failed otherwise.
    public var status: Int32

    init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }
}
