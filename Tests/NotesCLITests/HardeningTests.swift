import Foundation
import Testing

@testable import NotesKit

#if canImport(Glibc)
    import Glibc
#endif

/// The attacks of issue #9, each as a user would make it, with what must
/// happen now.
@Suite("notes under attack", .serialized, .hangGuard)
struct HardeningTests {
    /// Starts `notes` without waiting for it.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }

    /// Ctrl-C in the middle of a check: `notes` stops its runs, prints no
    /// report, exits 130 (SIGINT) or 143 (SIGTERM), and caches nothing it
    /// stopped, so the next check runs them and passes.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptNeverPoisonsTheCache(signal: Int32, status: Int32) throws {
        try Support.withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("cache").path
            let check = try Self.start(["check", "--notes", CLI.notesFolder, "--cache-dir", cache, "--jobs", "8", "-q"])
            usleep(600_000)
            kill(check.processIdentifier, signal)
            check.waitUntilExit()
            #expect(check.terminationReason == .exit)
            #expect(check.terminationStatus == status)
            let printed = (check.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            #expect(printed.isEmpty, "an interrupted check printed a report")

            let again = try CLI.run([
                "check", "--notes", CLI.notesFolder, "--cache-dir", cache, "-q", "--format", "json",
            ])
            #expect(again.status == 0, "\(again.stdout)")
            // Runs end by SIGTERM only where their own timeout sent it.
            let root = try #require(try CLI.json(again.stdout) as? [String: Any])
            var runs: [[String: Any]] = []
            for block in root["blocks"] as? [[String: Any]] ?? [] {
                runs += block["examples"] as? [[String: Any]] ?? []
                if let original = block["original"] as? [String: Any] {
                    runs += [original] + (original["probes"] as? [[String: Any]] ?? [])
                }
            }
            #expect(runs.count > 30)
            for run in runs where run["signal"] is String {
                #expect(run["timedOut"] as? Bool == true, "a run replayed a signal it did not get from its timeout")
            }
        }
    }

    @Test func anOutputFolderIsCheckedBeforeAnythingRuns() throws {
        try Support.withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("cache").path
            let start = ContinuousClock.now
            let output = try CLI.run([
                "build", "--notes", CLI.notesFolder, "--no-cache", "--cache-dir", cache, "--out", "/",
            ])
            #expect(output.status == 2)
            #expect(output.stderr.contains("refusing to replace it"))
            #expect(ContinuousClock.now - start < .seconds(5))
            // Nothing ran: no run recorded its duration.
            #expect(!FileManager.default.fileExists(atPath: cache + "/durations.json"))
        }
    }

    @Test func aSymbolicLinkAsOutputIsRefusedNamingItsTarget() throws {
        try Support.withTemporaryFolder { folder in
            let real = folder.appendingPathComponent("real-site")
            try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
            let link = folder.appendingPathComponent("site").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real.path)
            let output = try CLI.run(["build", "--notes", CLI.notesFolder, "--out", link, "--no-python", "-q"])
            #expect(output.status == 2)
            #expect(output.stderr.contains("is a symbolic link to \(real.path)"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: real.path).isEmpty)
        }
    }

    /// What killed builds left beside the site goes; another build's
    /// staging folder, whose process still runs, stays.
    @Test func aBuildRemovesWhatKilledBuildsLeftBehind() throws {
        try Support.withTemporaryFolder { folder in
            let finished = Process()
            finished.executableURL = URL(fileURLWithPath: "/bin/true")
            try finished.run()
            finished.waitUntilExit()
            let dead = finished.processIdentifier
            let leftovers = [".site.staging-\(dead)-1", ".site.tmp-\(dead)-2", ".site.old-\(dead)-3"]
            let running = ".site.staging-1-4"  // pid 1 always runs
            for name in leftovers + [running] {
                let url = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                try Data("x".utf8).write(to: url.appendingPathComponent("page.html"))
            }
            let output = try CLI.run([
                "build", "--notes", CLI.notesFolder, "--out", folder.appendingPathComponent("site").path,
                "--cache-dir", folder.appendingPathComponent("cache").path, "--no-python", "-q",
            ])
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(Set(left) == ["site", "cache", running])
        }
    }

    /// Every run has a temporary folder of its own, removed with it: a
    /// build from scratch leaves nothing in TMPDIR (the Swift driver's
    /// `TemporaryDirectory.*` and Python's `pymp-*` used to pile up).
    @Test func aBuildLeavesNothingInTheTemporaryFolder() throws {
        try Support.withTemporaryFolder { folder in
            // Short, as TMPDIR usually is: Python's Unix sockets live under it.
            let temporary = URL(fileURLWithPath: "/tmp/nt-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: temporary) }
            let output = try CLI.run(
                [
                    "build", "--notes", CLI.notesFolder, "--out", folder.appendingPathComponent("site").path,
                    "--cache-dir", folder.appendingPathComponent("cache").path, "--no-cache", "-q",
                ], environment: ["TMPDIR": temporary.path])
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
        }
    }

    @Test func aLinkToAFileOutsideTheNotesIsNotPublished() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("leak")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            let secret = folder.appendingPathComponent("secret")
            try Data("do not publish".utf8).write(to: secret)
            chmod(secret.path, 0o640)
            try FileManager.default.createSymbolicLink(
                atPath: notes.appendingPathComponent("pic.png").path, withDestinationPath: secret.path)
            try Data("# L\n\n![p](pic.png)\n".utf8).write(to: notes.appendingPathComponent("a.md"))
            let site = folder.appendingPathComponent("site")
            let output = try CLI.run(["build", "--notes", notes.path, "--out", site.path, "-q"])
            #expect(output.status == 0)
            #expect(output.stdout.contains("\(notes.path)/a.md:3:1: warning: 'pic.png' leads outside the notes folder"))
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("media").path))
            let walker = FileManager.default.enumerator(atPath: site.path)
            while let path = walker?.nextObject() as? String {
                let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) ?? Data()
                #expect(!String(decoding: data, as: UTF8.self).contains("do not publish"), "\(path)")
            }
        }
    }

    @Test func listExitsOneForANoteItCannotRead() throws {
        let folder = CLI.packageRoot.appendingPathComponent("Tests/NotesKitTests/Fixtures/folders/invalid-utf8").path
        let output = try CLI.run(["list", "--notes", folder])
        #expect(output.status == 1)
        #expect(output.stdout.contains("02-bad.md:4:6: error: file is not valid UTF-8"))
    }

    @Test func aNoteGivenAsTheNotesFolderIsNamedForWhatItIs() throws {
        let file = CLI.packageRoot.appendingPathComponent(
            "Tests/NotesKitTests/Fixtures/folders/course/01-communication.md"
        ).path
        let output = try CLI.run(["check", "--notes", file])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'\(file)' is a file; --notes takes the folder that holds the notes"))
    }

    @Test func theJobsHelpSaysItsDefaultOnce() throws {
        let output = try CLI.run(["check", "--help"])
        let help = output.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("How many runs go at once (default: the number of cores)."))
        #expect(!help.contains("(default: the number of cores). (default:"))
    }

    @Test(arguments: ["99999", "-1", "abc"])
    func aPortAnExampleCannotUseIsAnError(port: String) throws {
        let output = try CLI.run(["run", "threadpool-echo-server", "--notes", CLI.notesFolder, "--", "--port", port])
        #expect(output.status == 1)
        #expect(output.stderr.contains("--port takes a number from 1 to 65535, not '\(port)'"))
    }
}
