import Foundation
import Testing

@testable import NotesKit
@testable import NotesServe

#if canImport(Glibc)
    import Glibc
#endif

/// `notes serve` under attack (#9): what it serves, to whom, and for how
/// long; what happens when it runs out of file descriptors, is signalled,
/// or finds its cache inside the notes.
@Suite("notes serve hardening", .serialized, .hangGuard)
struct ServeHardeningTests {
    // MARK: - What is served, and to whom

    /// A DNS-rebinding page asks with its own name in `Host`: it gets 421,
    /// as does a request with no `Host` or another port.
    @Test func onlyRequestsNamingTheServerItselfAreAnswered() throws {
        try withServer { server, _ in
            let port = server.port
            for host in ["attacker.example", "attacker.example:\(port)", "127.0.0.1:\(port + 1)", "127.0.0.1", nil] {
                let client = try Client(port: port)
                client.send("GET /.env HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "\r\n")
                #expect(client.response()?.status == 421, "Host: \(host ?? "none")")
                #expect(client.waitForClose(), "a misdirected connection stays open (Host: \(host ?? "none"))")
            }
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)"] {
                let client = try Client(port: port)
                client.send("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
                #expect(client.response()?.status == 200, "Host: \(host)")
            }
        }
    }

    /// No part of a served path starts with a dot, and no symbolic link is
    /// followed, in the site or out of it.
    @Test func dotfilesAndSymbolicLinksAreNeverServed() throws {
        try withServer { server, site in
            let outside = site.deletingLastPathComponent().appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
            try Data("SECRET=1".utf8).write(to: site.appendingPathComponent(".env"))
            try FileManager.default.createDirectory(
                at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
            try Data("[core]".utf8).write(to: site.appendingPathComponent(".git/config"))
            try FileManager.default.createDirectory(
                at: site.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("hidden".utf8).write(to: site.appendingPathComponent("sub/.hidden"))
            try Data("shown".utf8).write(to: site.appendingPathComponent("sub/shown.txt"))
            try FileManager.default.createSymbolicLink(
                at: site.appendingPathComponent("link.txt"),
                withDestinationURL: outside.appendingPathComponent("secret.txt"))
            try FileManager.default.createSymbolicLink(
                at: site.appendingPathComponent("inside.txt"),
                withDestinationURL: site.appendingPathComponent("sub/shown.txt"))
            try FileManager.default.createSymbolicLink(
                at: site.appendingPathComponent("folder"), withDestinationURL: outside)
            #expect(mkfifo(site.appendingPathComponent("fifo").path, 0o600) == 0)
            let refused = [
                "/.env", "/.git/config", "/sub/.hidden", "/%2eenv", "/sub/%2E%2E/.env", "/./index.html", "/link.txt",
                "/inside.txt", "/folder/secret.txt", "/fifo", "/sub", "/../outside/secret.txt",
            ]
            for path in refused {
                #expect(PreviewFiles.file(for: path, in: site.path) == nil, "\(path)")
                let client = try Client(port: server.port)
                client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
                #expect(client.response()?.status == 404, "\(path)")
            }
            let client = try Client(port: server.port)
            client.send("GET /sub/shown.txt HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
            #expect(client.response().map { String(decoding: $0.body, as: UTF8.self) } == "shown")
        }
    }

    // MARK: - HTTP

    /// HEAD says the length GET's body has, and sends no body: the next
    /// response on the connection follows the head at once.
    @Test func headSaysTheLengthOfTheBodyAndSendsNone() throws {
        try withServer { server, site in
            try Data("body { color: red }\n".utf8).write(to: site.appendingPathComponent("style.css"))
            for path in ["/", "/style.css"] {
                let client = try Client(port: server.port)
                let host = "Host: 127.0.0.1:\(server.port)\r\n"
                client.send("HEAD \(path) HTTP/1.1\r\n\(host)\r\nGET \(path) HTTP/1.1\r\n\(host)\r\n")
                let head = try #require(client.head())
                let get = try #require(client.response())
                #expect(head.status == 200 && get.status == 200)
                #expect(!get.body.isEmpty)
                #expect(head.headers["content-length"] == "\(get.body.count)", "\(path)")
                #expect(get.headers["content-length"] == "\(get.body.count)")
            }
        }
    }

    /// HEAD on the event stream is its head alone, and the response ends.
    @Test func headOnTheEventStreamSendsTheHeadAndEnds() throws {
        try withServer { server, _ in
            let client = try Client(port: server.port)
            let host = "Host: 127.0.0.1:\(server.port)\r\n"
            client.send(
                "HEAD /__notes/events HTTP/1.1\r\n\(host)\r\nGET / HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
            let head = try #require(client.head())
            #expect(head.status == 200 && head.headers["content-type"] == "text/event-stream")
            // Straight after the head: the next response, not ": connected".
            let next = try #require(client.response())
            #expect(next.status == 200 && String(decoding: next.body, as: UTF8.self).contains("<p>x</p>"))
            #expect(client.waitForClose())
        }
    }

    /// A request NIO cannot parse gets 400, and the connection is closed.
    @Test func aBadRequestIsAnsweredAndClosed() throws {
        try withServer { server, _ in
            let client = try Client(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nno colon here\r\n\r\n")
            let response = try #require(client.response())
            #expect(response.status == 400 && response.headers["connection"] == "close")
            #expect(client.waitForClose(), "the connection stayed open after 400")
        }
    }

    /// A head that trickles in is cut off; so is a kept-alive connection
    /// that sends nothing more, but never the event stream.
    @Test func slowAndIdleClientsAreClosedButNotTheEventStream() throws {
        let limits = PreviewServer.Limits(connections: 64, head: .milliseconds(300), idle: .milliseconds(600))
        try withServer(limits: limits) { server, _ in
            let host = "Host: 127.0.0.1:\(server.port)\r\n"
            let slow = try Client(port: server.port)
            slow.send("GET / HTTP/1.1\r\n")
            #expect(slow.waitForClose(), "a head that never ends holds its connection")
            #expect(slow.head() == nil)

            let events = try Client(port: server.port)
            events.send("GET /__notes/events HTTP/1.1\r\n\(host)\r\n")
            #expect(events.head()?.status == 200)
            #expect(events.read(until: ": connected"))
            // Opened after the stream, so its idle limit passes after the
            // stream's would have.
            let idle = try Client(port: server.port)
            idle.send("GET / HTTP/1.1\r\n\(host)\r\n")
            #expect(idle.response()?.status == 200)
            #expect(idle.waitForClose(), "an idle kept-alive connection stays open")
            server.reload()
            #expect(events.read(until: "data: reload"), "the event stream was closed")
        }
    }

    /// Past the limit, a connection is closed as soon as it is accepted,
    /// and the server goes on answering once others close.
    @Test func connectionsPastTheLimitAreClosedAtOnce() throws {
        let limits = PreviewServer.Limits(connections: 4, head: .seconds(10), idle: .seconds(60))
        try withServer(limits: limits) { server, _ in
            let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n"
            var open: [Client] = []
            for _ in 0..<4 {
                let client = try Client(port: server.port)
                client.send(request)
                #expect(client.response()?.status == 200)
                open.append(client)
            }
            #expect(server.state.openConnections == 4)
            let extra = try Client(port: server.port)
            extra.send(request)
            #expect(extra.waitForClose() && extra.head() == nil, "a fifth connection was served")
            open.removeAll()
            try #require(waitUntil { server.state.openConnections == 0 })
            let later = try Client(port: server.port)
            later.send(request)
            #expect(later.response()?.status == 200)
        }
    }

    /// Readers that read nothing hold a chunk each, not the file: 20 of
    /// them on a 16 MB file grow the process by far less than 320 MB.
    @Test func slowReadersAreNotBufferedWhole() throws {
        try withServer { server, site in
            let big = (0..<(16 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            try Data(big).write(to: site.appendingPathComponent("big.bin"))
            let request = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n"
            // One reads it whole, byte for byte.
            let whole = try Client(port: server.port)
            whole.send(request)
            #expect(whole.response()?.body == big)

            let before = residentBytes()
            var readers: [Client] = []
            for _ in 0..<20 {
                let reader = try Client(port: server.port)
                reader.send(request)
                // The response has begun: before the fix, all of it was queued.
                #expect(reader.head()?.status == 200)
                readers.append(reader)
            }
            let grown = residentBytes() - before
            #expect(grown < 64 << 20, "20 slow readers grew the server by \(grown >> 20) MB")
        }
    }

    /// A page bigger than a chunk gets its script where it belongs.
    @Test func aLargePageIsServedWithItsScript() throws {
        try withServer { server, site in
            let page = Array(("<html><body>" + String(repeating: "<p>段落</p>\n", count: 40_000) + "</body></html>").utf8)
            try Data(page).write(to: site.appendingPathComponent("big.html"))
            server.fail("error: <bad>")
            let client = try Client(port: server.port)
            client.send("GET /big.html HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
            let response = try #require(client.response())
            #expect(response.body == PreviewFiles.injecting(into: page, failure: "error: <bad>"))
        }
    }

    // MARK: - The watcher and the builds

    /// A cache folder or site inside the notes folder is written by every
    /// build: it is not a change, or serve would rebuild for ever.
    @Test func aCacheOrSiteInsideTheNotesIsNoChange() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(at: notes)
            let cache = notes.appendingPathComponent("cache")
            let site = notes.appendingPathComponent("site")
            for made in [cache, site] {
                try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
            }
            let session = PreviewSession(
                notes: notes.path, out: site.path, cacheDir: "\(notes.path)/./cache/", port: 0, packageRoot: nil,
                examplesBySource: [:], registryFiles: [], buildArguments: [])
            var watcher = session.makeWatcher()
            try Data("{}".utf8).write(to: cache.appendingPathComponent("durations.json"))
            try Data("<html>".utf8).write(to: site.appendingPathComponent("index.html"))
            #expect(watcher.changes().isEmpty)
            let note = notes.appendingPathComponent("01-a.md")
            try Data("# 改过\n".utf8).write(to: note)
            #expect(watcher.changes() == [note.path])
        }
    }

    /// Out of file descriptors, the watcher cannot list the notes: that is
    /// no change, not every file gone.
    @Test func aTreeTheWatcherCannotReadHasNotChanged() async {
        await #expect(processExitsWith: .success) {
            let folder = NSTemporaryDirectory() + "notes-watch-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
            for name in ["a.md", "sub/b.md"] {
                _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))
            }
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var watcher = SourceWatcher(folders: [folder])
            let held = exhaustFileDescriptors()
            let changes = watcher.changes()
            held.forEach { close($0) }
            guard changes.isEmpty else {
                print("out of descriptors, the watcher saw \(changes.count) changes")
                exit(1)
            }
        }
    }

    /// Out of file descriptors, a build cannot start: that is said, and
    /// the next one, with descriptors again, runs.
    @Test func aBuildThatCannotStartIsReportedAndDoesNotWedge() async {
        await #expect(processExitsWith: .success) {
            let held = exhaustFileDescriptors()
            var reason = ""
            do throws(BuildProcess.Failure) {
                _ = try BuildProcess.run("/bin/true", [], limit: .seconds(60))
            } catch .cannotStart(let why) {
                reason = why
            } catch {}
            held.forEach { close($0) }
            let again = try? BuildProcess.run("/bin/true", [], limit: .seconds(60))
            guard reason.contains("Too many open files"), again?.status == 0 else {
                print("could not start: '\(reason)'; then: \(String(describing: again))")
                exit(1)
            }
        }
    }

    /// A rebuild whose `notes build` cannot start shows why on the page
    /// and says it; the server stays up.
    @Test func aRebuildThatCannotStartIsShownAndSaid() throws {
        try withServer { server, site in
            let notes = site.deletingLastPathComponent().appendingPathComponent("notes")
            try Self.writeNotes(at: notes)
            let session = PreviewSession(
                notes: notes.path, out: site.path, cacheDir: site.path + "-cache", port: 0, packageRoot: nil,
                examplesBySource: [:], registryFiles: [], buildArguments: [])
            var rebuild = PreviewSession.Rebuild(binary: "/no/such/notes")
            var said: [String] = []
            session.rebuild([notes.path + "/01-a.md"], &rebuild, server: server) { said.append($0) }
            #expect(said.count == 1 && said[0].contains("notes build could not start"), "\(said)")
            let client = try Client(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
            let page = String(decoding: try #require(client.response()).body, as: UTF8.self)
            #expect(page.contains("notes build 无法启动") && page.contains("/no/such/notes"), "\(page)")
        }
    }

    /// A build that hangs is stopped at its time limit, with everything it
    /// started, and the page says so.
    @Test func aBuildThatHangsIsStoppedAtItsLimit() throws {
        try withServer { server, site in
            let token = "serve-hang-\(UUID().uuidString)"
            let folder = site.deletingLastPathComponent().appendingPathComponent(token)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // A `notes` that forks and never ends.
            let binary = folder.appendingPathComponent("notes")
            try Data("#!/usr/bin/env python3\nimport os, time\nos.fork()\ntime.sleep(600)\n".utf8).write(to: binary)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
            var session = PreviewSession(
                notes: folder.path, out: site.path, cacheDir: folder.path + "/cache", port: 0, packageRoot: nil,
                examplesBySource: [:], registryFiles: [], buildArguments: [])
            session.timeLimit = .seconds(1)
            var rebuild = PreviewSession.Rebuild(binary: binary.path)
            var said: [String] = []
            session.rebuild([folder.path + "/01-a.md"], &rebuild, server: server) { said.append($0) }
            #expect(said == ["notes build ran past 1 s and was stopped; the page says so"])
            #expect(server.state.currentFailure == "notes build 运行超过 1 秒，已停止。")
            #expect(Self.processes(mentioning: token).isEmpty, "\(Self.processes(mentioning: token))")
        }
    }

    // MARK: - The command

    /// A folder `notes build` refuses is not served either: exit 2 with
    /// build's message, before anything is bound or built.
    @Test func anOutputFolderBuildRefusesIsNotServed() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(at: notes)
            try Data("<html><body>mine</body></html>".utf8).write(to: folder.appendingPathComponent("index.html"))
            try Data("SECRET=1".utf8).write(to: folder.appendingPathComponent(".env"))
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
            let output = try CLI.run(
                [
                    "serve", "--notes", notes.path, "--out", folder.path, "--port", "0", "--cache-dir",
                    CLI.temporaryCache(),
                ],
                environment: Self.quiet, timeout: .seconds(60))
            #expect(output.status == 2)
            #expect(output.stderr.contains("refusing to replace it"), "\(output.stderr)")
            #expect(!output.stdout.contains("serving"))
        }
    }

    /// A port in use is found before the site is built, and is exit 2.
    @Test func aPortInUseIsAConfigurationErrorFoundBeforeBuilding() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(at: notes)
            let (listener, port) = try Self.listen()
            defer { close(listener) }
            let site = folder.appendingPathComponent("site")
            let output = try CLI.run(
                [
                    "serve", "--notes", notes.path, "--out", site.path, "--port", "\(port)", "--cache-dir",
                    CLI.temporaryCache(),
                ],
                environment: Self.quiet, timeout: .seconds(60))
            #expect(output.status == 2)
            #expect(
                output.stderr.contains("cannot listen on 127.0.0.1:\(port): Address already in use"), "\(output.stderr)"
            )
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("index.html").path))
        }
    }

    @Test func aMissingNotesFolderIsAConfigurationError() throws {
        try Support.withTemporaryFolder { folder in
            let output = try CLI.run(
                [
                    "serve", "--notes", folder.appendingPathComponent("none").path, "--out",
                    folder.appendingPathComponent("site").path, "--port", "0",
                ], environment: Self.quiet, timeout: .seconds(60))
            #expect(output.status == 2)
            #expect(output.stderr.contains("does not exist"), "\(output.stderr)")
        }
    }

    /// A signal during a build stops the build and everything it started,
    /// and serve exits 128 + the signal.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func aSignalStopsTheBuildWithServe(signal: Int32, status: Int32) throws {
        try Support.withTemporaryFolder { folder in
            let token = "serve-signal-\(UUID().uuidString)"
            let serve = try Serve(
                [
                    "serve", "--notes", CLI.notesFolder, "--out", folder.appendingPathComponent("site").path,
                    "--cache-dir", folder.appendingPathComponent("cache").path, "--port", "0", "--no-python",
                ], environment: Self.quiet.merging(["NOTES_SERVE_TEST_TOKEN": token]) { $1 })
            // The build is under way once one of its examples runs.
            try #require(
                waitUntil { Self.processes(mentioning: token).contains { $0.contains(SelfLauncher.subcommand) } },
                "no example of the build ever ran")
            kill(serve.process.processIdentifier, signal)
            let exited = try #require(serve.waitForExit())
            #expect(exited == .exit(status))
            // A process killed a moment ago may still be on its way out.
            _ = waitUntil(seconds: 2) { Self.processes(mentioning: token).isEmpty }
            #expect(Self.processes(mentioning: token).isEmpty, "\(Self.processes(mentioning: token))")
        }
    }

    /// The reproduction of #9: 256 descriptors and 300 idle connections.
    /// The connections past 64 are closed at once, so the watcher and the
    /// builds still have descriptors, and an edit is rebuilt.
    @Test func manyConnectionsLeaveTheRebuildsWorking() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"))
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(at: notes)
            let serve = try Serve(
                [
                    "--nofile=256:256", CLI.binary, "serve", "--notes", notes.path, "--out",
                    folder.appendingPathComponent("site").path, "--cache-dir",
                    folder.appendingPathComponent("cache").path,
                    "--port", "0",
                ], environment: Self.quiet, executable: "/usr/bin/prlimit")
            defer { serve.stop() }
            let port = try #require(serve.port())
            let idle = try (0..<300).map { _ in try Client(port: port) }
            try Data("# 改过\n\n新的一段。\n".utf8).write(to: notes.appendingPathComponent("01-a.md"))
            #expect(serve.read(until: "rebuilt in") != nil, "the edit was never rebuilt")
            let descriptors =
                (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(serve.process.processIdentifier)/fd"))
                ?? []
            #expect(descriptors.count < 64 + 32, "serve holds \(descriptors.count) descriptors")
            withExtendedLifetime(idle) {}
        }
    }

    // MARK: - Helpers

    /// No sources watched (no `swift build` of this checkout), for tests.
    static let quiet = ["NOTES_SERVE_PACKAGE_ROOT": ""]

    static func writeNotes(at notes: URL) throws {
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("# 标题\n\n一段文字。\n".utf8).write(to: notes.appendingPathComponent("01-a.md"))
    }

    /// A socket listening on a free port of 127.0.0.1, and the port.
    static func listen() throws -> (Int32, Int) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Client.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && Glibc.listen(socket, 8) == 0
                    && getsockname(socket, pointer, &length) == 0
            }
        }
        try #require(bound)
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The live processes (not zombies) whose command line or environment
    /// mentions `token`.
    static func processes(mentioning token: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int(pid) != nil, Int32(pid) != getpid() else { return nil }
            let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
            let line = String(decoding: command, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            guard line.contains(token) || String(decoding: environment, as: UTF8.self).contains(token) else {
                return nil
            }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z" ? nil : "\(pid): \(line)"
        }
    }
}

/// A server over a site folder with one page, for the length of `body`.
private func withServer(
    limits: PreviewServer.Limits = PreviewServer.Limits(), _ body: (PreviewServer, URL) throws -> Void
) throws {
    try Support.withTemporaryFolder { folder in
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<html><body><p>x</p></body></html>".utf8).write(to: site.appendingPathComponent("index.html"))
        let server = try PreviewServer(folder: site.path, port: 0, limits: limits)
        defer { server.close() }
        try body(server, site)
    }
}

/// Waits for `condition`, looking every 20 ms; false when `seconds` pass
/// first (a hang guard).
private func waitUntil(seconds: Double = 60, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else { return false }
        usleep(20_000)
    }
    return true
}

/// Opens descriptors until there are none left (under a limit of 256).
private func exhaustFileDescriptors() -> [Int32] {
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = min(limit.rlim_cur, 256)
    setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    var held: [Int32] = []
    while case let descriptor = dup(0), descriptor >= 0 { held.append(descriptor) }
    return held
}

/// The resident memory of this process.
private func residentBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * sysconf(Int32(_SC_PAGESIZE))
}

/// A blocking HTTP client on one connection. Every read gives up after
/// 20 s: a hang guard, which a passing test never reaches.
private final class Client {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    private let socket: Int32
    private var buffer: [UInt8] = []
    /// The server closed the connection (an end of file, or a reset).
    private(set) var closed = false

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        var patience = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
        try #require(connected, "cannot connect to 127.0.0.1:\(port)")
    }

    deinit { close(socket) }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads what arrives next; false at the end of the connection or at the guard.
    private func fill() -> Bool {
        guard !closed else { return false }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = recv(socket, &chunk, chunk.count, 0)
        if count > 0 {
            buffer += chunk[..<count]
            return true
        }
        if count == 0 || errno == ECONNRESET { closed = true }
        return false
    }

    /// The next response's status and headers (names in lower case).
    func head() -> (status: Int, headers: [String: String])? {
        let blank = Array("\r\n\r\n".utf8)
        while buffer.firstRange(of: blank) == nil {
            guard fill() else { return nil }
        }
        let end = buffer.firstRange(of: blank)!
        var lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(end.upperBound)
        let status = lines.removeFirst().split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return (status, headers)
    }

    /// The next response with the body its Content-Length says.
    func response() -> Response? {
        guard let (status, headers) = head() else { return nil }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        defer { buffer.removeFirst(length) }
        return Response(status: status, headers: headers, body: Array(buffer.prefix(length)))
    }

    /// Reads until `text` has arrived; false if it never does.
    func read(until text: String) -> Bool {
        let wanted = Array(text.utf8)
        while buffer.firstRange(of: wanted) == nil {
            guard fill() else { return false }
        }
        buffer.removeSubrange(..<buffer.firstRange(of: wanted)!.upperBound)
        return true
    }

    /// Reads until the server closes the connection; false if it does not
    /// within the guard.
    func waitForClose() -> Bool {
        while fill() {}
        return closed
    }
}

/// `notes serve` (or a program that runs it) started in the background,
/// its output read line by line.
private final class Serve {
    let process = Process()
    private let output = Pipe()
    private var text = ""

    init(_ arguments: [String], environment: [String: String], executable: String = CLI.binary) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// The first output line holding `text` (a hang guard of 60 s).
    func read(until wanted: String) -> String? {
        let deadline = Date().addingTimeInterval(60)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while Date() < deadline {
            if let line = text.split(separator: "\n").first(where: { $0.contains(wanted) }) { return String(line) }
            var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 100) >= 0 else { return nil }
            if poll.revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = Glibc.read(descriptor, &chunk, chunk.count)
                guard count > 0 else { return nil }
                text += String(decoding: chunk[..<count], as: UTF8.self)
            }
        }
        return nil
    }

    /// The port from `serving http://127.0.0.1:PORT/`.
    func port() -> Int? {
        read(until: "serving http://127.0.0.1:").flatMap { line in
            line.split(separator: ":").dropFirst(2).first?.split(separator: "/").first.flatMap { Int($0) }
        }
    }

    enum Exit: Equatable {
        case exit(Int32)
        case signal(Int32)
    }

    /// How it ended, or nil if it still runs after 60 s.
    func waitForExit() -> Exit? {
        guard waitUntil(seconds: 60, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationReason == .exit
            ? .exit(process.terminationStatus) : .signal(process.terminationStatus)
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
