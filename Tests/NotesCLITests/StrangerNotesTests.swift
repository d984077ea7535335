import Foundation
import Testing

@testable import NotesKit

/// A stranger's notes run nothing of theirs (issue #22): not a note that
/// borrows the course's headings, not a course note edited in place. Each
/// hostile block would write a file and print a marker that its source
/// never spells out; neither may show up anywhere.
@Suite("A stranger's notes run nothing of theirs", .serialized, .hangGuard)
struct StrangerNotesTests {
    /// What a hostile block prints, made at run time from pieces: the
    /// source, which the site shows, never contains it whole.
    static let marker = "PWNED-" + "by-a-stranger-42"

    /// A block that prints the marker and writes a file into `trap` (which
    /// a sandboxed run cannot reach, so the marker is printed first).
    static func payload(_ trap: URL, _ name: String) -> String {
        """
        import os
        print("PWNED-" + "by-a-stranger-" + str(6 * 7))
        try:
            open(os.path.join(\(literal(trap.path)), \(literal(name))), "w").write("ran")
        except OSError:
            pass
        """
    }

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// The `##` headings of the course's notes, with their notes.
    static func courseHeadings() throws -> [(note: String, heading: String)] {
        var found: [(String, String)] = []
        for note in ["01-communication.md", "02-pools.md"] {
            let text = try String(contentsOfFile: CLI.notesFolder + "/" + note, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("## ") {
                found.append((note, String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)))
            }
        }
        return found
    }

    /// Every file under `folder`, as text (lossy), by path.
    static func everything(in folder: String) -> [String: String] {
        var files: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return files }
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            if let data = FileManager.default.contents(atPath: path) {
                files[relative] = String(decoding: data, as: UTF8.self)
            }
        }
        return files
    }

    /// Builds and checks `notes` with the course's registry, and finds no
    /// trace of a hostile block having run: no file in `trap`, no marker
    /// in what `notes` printed, in the site, or in the cache.
    static func expectNothingRan(notes: URL, trap: URL, in folder: URL) throws {
        let site = folder.appendingPathComponent("site").path
        let cache = folder.appendingPathComponent("cache").path
        let build = try CLI.run(["build", "--notes", notes.path, "--out", site, "--cache-dir", cache])
        let check = try CLI.run(["check", "--notes", notes.path, "--cache-dir", cache, "--format", "json"])
        let list = try CLI.run(["list", "--notes", notes.path])
        #expect(build.status != 2 && check.status != 2, "\(build.stderr)\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: site + "/index.html"), "the site was not written")
        let written = try FileManager.default.contentsOfDirectory(atPath: trap.path)
        #expect(written.isEmpty, "a block of the notes ran: it wrote \(written)")
        for (name, output) in [("build", build), ("check", check), ("list", list)] {
            #expect(!(output.stdout + output.stderr).contains(marker), "notes \(name) printed the marker")
        }
        for (root, files) in [(site, everything(in: site)), (cache, everything(in: cache))] {
            for (path, text) in files where text.contains(marker) {
                Issue.record("\(root)/\(path) holds the marker: a block ran")
            }
        }
        // The report says why: nothing of the notes' code has a run.
        let report = try #require(try CLI.json(check.stdout) as? [String: Any])
        for block in report["blocks"] as? [[String: Any]] ?? [] {
            let original = block["original"] as? [String: Any]
            #expect(original?["stdout"] == nil || original?["stdout"] is NSNull, "\(block)")
        }
    }

    /// A note anywhere, under a `#` title, with each of the course's section
    /// headings and blocks at positions 1 to 3 under it, in every fence
    /// spelling: none of it binds (the registry names its notes by path),
    /// and none of it runs.
    @Test func aNoteThatBorrowsTheCoursesHeadingsRunsNothing() throws {
        try Support.withTemporaryFolder { folder in
            let trap = folder.appendingPathComponent("trap")
            let notes = folder.appendingPathComponent("stranger")
            try FileManager.default.createDirectory(at: trap, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: notes.appendingPathComponent("sub"), withIntermediateDirectories: true)
            let fences = [("```python", "```"), ("```py", "```"), ("~~~python", "~~~"), ("```python3", "```")]
            var text = "# Evil\n\n"
            var count = 0
            for (_, heading) in try Self.courseHeadings() {
                text += "## \(heading)\n\n"
                for index in 1...3 {
                    let (open, close) = fences[(count + index) % fences.count]
                    count += 1
                    text += "\(open)\n\(Self.payload(trap, "block-\(count)"))\n\(close)\n\n"
                }
            }
            // The same note under the course's own file names, one folder down.
            try Data(text.utf8).write(to: notes.appendingPathComponent("a.md"))
            try Data(text.utf8).write(to: notes.appendingPathComponent("sub/01-communication.md"))
            try Self.expectNothingRan(notes: notes, trap: trap, in: folder)
            // Nothing binds: the registry names the notes it was written for by their paths.
            let list = try CLI.run(["list", "--notes", notes.path, "--format", "json"])
            let blocks = try #require(try CLI.json(list.stdout) as? [[String: Any]])
            #expect(blocks.count == 2 * 3 * (try Self.courseHeadings().count))
            #expect(blocks.allSatisfy { $0["status"] as? String == "unmapped" }, "\(blocks.prefix(2))")
        }
    }

    /// Each block of the course, edited in place at its real path: every
    /// block binds, goes stale, and its Python (and every probe of it)
    /// does not run; the Swift ports, the author's own code, still do.
    @Test func aCourseBlockEditedInPlaceRunsNothingOfTheEdit() throws {
        try Support.withTemporaryFolder { folder in
            let trap = folder.appendingPathComponent("trap")
            try FileManager.default.createDirectory(at: trap, withIntermediateDirectories: true)
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.copyItem(atPath: CLI.notesFolder, toPath: notes.path)
            var edited = 0
            for note in ["01-communication.md", "02-pools.md"] {
                let path = notes.appendingPathComponent(note)
                var lines = try String(contentsOf: path, encoding: .utf8).components(separatedBy: "\n")
                var index = 0
                while index < lines.count {
                    if lines[index].hasPrefix("```python") {
                        edited += 1
                        lines.insert(Self.payload(trap, "edit-\(edited)"), at: index + 1)
                    }
                    index += 1
                }
                try Data(lines.joined(separator: "\n").utf8).write(to: path)
            }
            #expect(edited == 12)
            try Self.expectNothingRan(notes: notes, trap: trap, in: folder)
            let check = try CLI.run(["check", "--notes", notes.path, "--no-cache", "--format", "json"])
            #expect(check.status == 1)
            let report = try #require(try CLI.json(check.stdout) as? [String: Any])
            let blocks = report["blocks"] as? [[String: Any]] ?? []
            #expect(blocks.count == 12)
            for block in blocks {
                #expect(block["status"] as? String == "stale")
                let original = block["original"] as? [String: Any]
                #expect(original?["status"] as? String == "not-run")
                #expect((original?["notRunReason"] as? String)?.contains("--update-fingerprints") == true)
            }
        }
    }
}

/// `notes __sandbox`: what the notes' code can and cannot do inside it,
/// a test per promise (issue #22).
@Suite("The sandbox", .serialized, .hangGuard)
struct SandboxTests {
    /// The interpreter the checks use, found as `notes` finds it.
    static func python() throws -> (path: String, folders: [String]) {
        let shim = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        let asked = try ChildProcess.run(
            Command(shim, ["-c", "import sys; print(sys.executable); print(sys.base_prefix); print(sys.prefix)"]),
            limits: RunLimits(timeout: .seconds(20)))
        let lines = asked.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        return (lines[0], Array(Set(lines[1...].filter { !$0.hasPrefix("/usr") })))
    }

    /// Runs `script` with the interpreter under `notes __sandbox`, in `folder`.
    static func sandboxed(
        _ script: String, in folder: URL, environment: [String: String] = [:], timeout: Duration = .seconds(30)
    ) throws -> RunResult {
        let (python, folders) = try python()
        try Data(script.utf8).write(to: folder.appendingPathComponent("s.py"))
        var arguments = [Sandbox.subcommand, "--network", "private"]
        for folder in folders { arguments += ["--read-only", folder] }
        arguments += ["--", python, "-u", "s.py"]
        return try ChildProcess.run(
            Command(CLI.binary, arguments, environment: environment, workingDirectory: folder.path),
            limits: RunLimits(timeout: timeout))
    }

    /// A working folder as `notes` makes one: the sandbox's user may write it.
    static func withJobFolder<T>(_ body: (URL) throws -> T) throws -> T {
        try Support.withTemporaryFolder { folder in
            let job = folder.appendingPathComponent("job")
            try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
            if geteuid() == 0 { #expect(chown(job.path, uid_t(Sandbox.user), gid_t(Sandbox.user)) == 0) }
            return try body(job)
        }
    }

    @Test func itCannotReadSecrets() throws {
        try Self.withJobFolder { job in
            let run = try Self.sandboxed(
                """
                import os
                for path in ["/etc/shadow", "/etc/passwd", "/root", \(StrangerNotesTests.literal(NSHomeDirectory())),
                             \(StrangerNotesTests.literal(CLI.packageRoot.path))]:
                    try:
                        print(path, "dir" if os.path.isdir(path) else "file", sorted(os.listdir(path))[:3] if os.path.isdir(path) else len(open(path).read()))
                    except OSError as error:
                        print(path, "refused", type(error).__name__)
                print("uid", os.getuid(), "gid", os.getgid(), "groups", os.getgroups())
                """, in: job)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("/etc/shadow refused") }, "\(run.stdout)")
            // The package (its sources, the registry) is not there at all.
            #expect(lines.contains { $0.hasPrefix(CLI.packageRoot.path + " refused") }, "\(run.stdout)")
            #expect(lines.contains("uid 65534 gid 65534 groups []"), "\(run.stdout)")
            // Its /etc/passwd is the sandbox's own, one line.
            #expect(!run.stdout.contains("root:x:0"))
        }
    }

    @Test func itWritesOnlyItsOwnFolder() throws {
        try Self.withJobFolder { job in
            let outside = job.deletingLastPathComponent()
            let name = "written-\(UUID().uuidString)"
            let run = try Self.sandboxed(
                """
                import os
                for folder in [".", "..", "/tmp", "/dev/shm", \(StrangerNotesTests.literal(outside.path)),
                               \(StrangerNotesTests.literal(NSTemporaryDirectory())), "/usr", "/"]:
                    try:
                        open(os.path.join(folder, "\(name)"), "w").write("x")
                        print("wrote", folder)
                    except OSError as error:
                        print("refused", folder, type(error).__name__)
                """, in: job)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            #expect(run.stdout.contains("wrote .\n"), "\(run.stdout)")
            // What it wrote elsewhere (its own /tmp, /dev/shm) was its own, and went with it.
            #expect(FileManager.default.fileExists(atPath: job.appendingPathComponent(name).path))
            for folder in [outside.path, NSTemporaryDirectory(), "/tmp", "/dev/shm", "/usr", "/"] {
                #expect(
                    !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name)),
                    "it wrote into \(folder)")
            }
        }
    }

    @Test func itReachesNothingButItsOwnLoopback() throws {
        // A server of the test's own, on the machine's loopback.
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var bound = address
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(server, $0, length) == 0 && listen(server, 4) == 0 && getsockname(server, $0, &length) == 0
            }
        }
        try #require(listening)
        let port = UInt16(bigEndian: bound.sin_port)
        try Self.withJobFolder { job in
            let run = try Self.sandboxed(
                """
                import socket, threading
                print("interfaces", sorted(name for _, name in socket.if_nameindex()))
                for host, port in [("127.0.0.1", \(port)), ("1.1.1.1", 53), ("10.0.0.1", 80)]:
                    try:
                        socket.create_connection((host, port), timeout=1).close()
                        print("reached", host, port)
                    except OSError as error:
                        print("unreachable", host, port)
                # Its own loopback works: a server and a client inside.
                inner = socket.socket(); inner.bind(("127.0.0.1", 0)); inner.listen(1)
                threading.Thread(target=lambda: inner.accept()[0].sendall(b"hi"), daemon=True).start()
                client = socket.create_connection(inner.getsockname(), timeout=2)
                print("inside", client.recv(2).decode())
                """, in: job)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            #expect(run.stdout.contains("interfaces ['lo']\n"), "\(run.stdout)")
            #expect(run.stdout.contains("unreachable 127.0.0.1 \(port)\n"), "the machine's loopback: \(run.stdout)")
            #expect(!run.stdout.contains("reached"), "\(run.stdout)")
            #expect(run.stdout.contains("inside hi\n"), "\(run.stdout)")
        }
    }

    /// A process that daemonises (a double fork, its own session) dies with
    /// the run, whether the run ends by itself or is killed.
    @Test(arguments: [false, true])
    func itLeavesNoProcessBehind(killed: Bool) throws {
        let token = "notes-sandbox-daemon-\(UUID().uuidString)"
        try Self.withJobFolder { job in
            let script = """
                import os, sys, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "\(token)"])
                    os._exit(0)
                time.sleep(0.5)
                print("parent done", flush=True)
                \(killed ? "time.sleep(60)" : "")
                """
            let run = try Self.sandboxed(script, in: job, timeout: killed ? .seconds(2) : .seconds(30))
            #expect(run.stdout.contains("parent done"), "\(run.stderr)")
            #expect(run.timedOut == killed)
            // Give the kernel a moment to finish killing the namespace.
            var left: [String] = []
            for _ in 0..<50 {
                left = Self.processes(containing: token)
                if left.isEmpty { break }
                usleep(100_000)
            }
            #expect(left.isEmpty, "left running: \(left)")
        }
    }

    /// Too many processes stop at the sandbox's limit; the machine never sees them.
    @Test func itsProcessesAreLimited() throws {
        try Self.withJobFolder { job in
            let run = try Self.sandboxed(
                """
                import threading, time
                started = 0
                try:
                    for _ in range(2000):
                        threading.Thread(target=time.sleep, args=(2,), daemon=True).start()
                        started += 1
                except RuntimeError:
                    pass
                print("started", started)
                """, in: job)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let started = Int(
                run.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            let limit = Sandbox.limits.first { $0.name == "nproc" }!.value
            #expect((started ?? .max) < limit, "\(run.stdout)")
        }
    }

    /// Where the sandbox cannot be made (no bubblewrap on PATH), nothing
    /// runs: one line, status 125; and `check` fails with one message that
    /// names `--no-python`, which is the explicit way to skip.
    @Test func withoutBubblewrapNothingRunsAndTheCheckSaysHowToSkip() throws {
        try Support.withTemporaryFolder { folder in
            let (python, _) = try Self.python()
            let bin = folder.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: bin.appendingPathComponent("python3").path, withDestinationPath: python)
            // python3, and swiftc for the compile-failure lesson; no bwrap.
            let swiftc = try #require(try? ChildProcess.resolve("swiftc"))
            let swiftFolder = (swiftc as NSString).deletingLastPathComponent
            try #require(!FileManager.default.fileExists(atPath: swiftFolder + "/bwrap"))
            let environment = ["PATH": bin.path + ":" + swiftFolder]
            let trap = folder.appendingPathComponent("ran")
            let helper = try ChildProcess.run(
                Command(
                    CLI.binary,
                    [Sandbox.subcommand, "--", python, "-c", "open(\(StrangerNotesTests.literal(trap.path)), 'w')"],
                    environment: environment),
                limits: RunLimits(timeout: .seconds(20)))
            #expect(helper.termination == .exited(125))
            let lines = helper.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("notes sandbox: bubblewrap (bwrap) is not installed"))
            #expect(!FileManager.default.fileExists(atPath: trap.path))

            let check = try CLI.run(
                [
                    "check", "--notes", CLI.notesFolder, "--no-cache", "--cache-dir",
                    folder.appendingPathComponent("c").path,
                ],
                environment: environment)
            #expect(check.status == 1)
            let errors = (check.stdout + check.stderr).split(separator: "\n").filter { $0.contains("error:") }
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.contains("bubblewrap") == true && errors.first?.contains("--no-python") == true)
            let skipped = try CLI.run(
                [
                    "check", "--notes", CLI.notesFolder, "--no-python", "--cache-dir",
                    folder.appendingPathComponent("c").path,
                ],
                environment: environment)
            #expect(skipped.status == 0, "\(skipped.stdout)")
        }
    }

    /// The command lines of the live processes that mention `token`.
    static func processes(containing token: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid in
            guard Int(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return nil
            }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            guard line.contains(token) else { return nil }
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
            return state == "Z" ? nil : "\(pid): \(line)"
        }
    }
}
