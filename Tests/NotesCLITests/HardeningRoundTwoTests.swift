import Foundation
import Testing

@testable import NotesKit

#if canImport(Glibc)
    import Glibc
#endif

/// The attacks of issue #23 (but `serve`'s), each as a user would make it,
/// with what must happen now.
@Suite("notes under attack, round two", .serialized, .hangGuard)
struct HardeningRoundTwoTests {
    /// Control characters a terminal acts on: escape, bell, carriage return, CSI.
    static let controls: [Character] = ["\u{1B}", "\u{07}", "\r", "\u{9B}"]

    @Test func terminalTextShowsControlsAsEscapes() {
        #expect(TerminalText.safe("a\u{1B}]0;x\u{07}b\r\n\tc\u{9B}2J") == "a\\x1B]0;x\\x07b\\x0D\n\tc\\x9B2J")
        #expect(TerminalText.safe("线程池 ok\n") == "线程池 ok\n")
    }

    /// A note's file name, a heading and a stale block's diff with escape
    /// sequences in them reach the terminal as visible escapes, never raw.
    @Test func escapeSequencesNeverReachTheTerminal() throws {
        try CLI.withCopyOfNotes { folder in
            let hostile = folder.appendingPathComponent("x\u{1B}]0;pwned\u{07}\r.md")
            try Data("## 标题\u{1B}[2J\n\n```python\nprint(1)\n```\n".utf8).write(to: hostile)
            let note = folder.appendingPathComponent("01-communication.md")
            let text = try String(contentsOf: note, encoding: .utf8)
            let edited = text.replacingOccurrences(
                of: "var = 10\n", with: "var = 10  # \u{1B}[31m\u{9B}2J\rhidden\n", options: [], range: nil)
            try #require(edited != text)
            try Data(edited.utf8).write(to: note)
            let cache = CLI.temporaryCache()
            for arguments in [
                ["list", "--notes", folder.path], ["check", "--notes", folder.path, "--cache-dir", cache],
                ["check", "--notes", folder.path, "--cache-dir", cache, "--format", "github"],
                ["build", "--notes", folder.path, "--cache-dir", cache, "--out", folder.path + "-site"],
            ] {
                let output = try CLI.run(arguments)
                #expect(output.status == (arguments[0] == "list" ? 0 : 1), "\(arguments): \(output.stderr)")
                for character in Self.controls {
                    #expect(
                        !output.stdout.contains(character), "\(arguments[0]) printed \(character.unicodeScalars.first!)"
                    )
                    #expect(
                        !output.stderr.contains(character), "\(arguments[0]) printed \(character.unicodeScalars.first!)"
                    )
                }
                if !arguments.contains("github") {
                    #expect((output.stdout + output.stderr).contains("x\\x1B]0;pwned\\x07\\x0D.md"), "\(output.stdout)")
                }
            }
            try? FileManager.default.removeItem(atPath: folder.path + "-site")
        }
    }

    /// The run folders of a check killed with `kill -9` are removed by the
    /// next run of `notes`; a folder another process still holds is not.
    @Test func runFoldersOfAKilledCheckAreRemovedByTheNextRun() throws {
        try Support.withTemporaryFolder { folder in
            // Short, as TMPDIR usually is: Python's Unix sockets live under it.
            let temporary = URL(fileURLWithPath: "/tmp/nk-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: temporary) }
            let environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { _, new in new }
            let runFolders = {
                ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []).filter {
                    $0.hasPrefix("notes-run-") || $0.hasPrefix("notes-job-")
                }
            }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: CLI.binary)
            check.arguments = [
                "check", "--notes", CLI.notesFolder, "--no-cache", "--cache-dir",
                folder.appendingPathComponent("c").path,
                "-q",
            ]
            check.environment = environment
            check.standardOutput = FileHandle.nullDevice
            check.standardError = FileHandle.nullDevice
            try check.run()
            var seen = 0
            for _ in 0..<600 where seen < 2 {
                seen = runFolders().count
                usleep(10_000)
            }
            kill(check.processIdentifier, SIGKILL)
            check.waitUntilExit()
            usleep(300_000)  // its runs die with it, and leave their folders
            let left = runFolders()
            try #require(!left.isEmpty, "the killed check left no run folder to remove")

            // One folder that a live process holds: not a leftover.
            let held = temporary.appendingPathComponent("notes-run-heldheld")
            try FileManager.default.createDirectory(at: held, withIntermediateDirectories: false)
            let descriptor = open(held.path, O_RDONLY | O_DIRECTORY)
            defer { close(descriptor) }
            #expect(flock(descriptor, LOCK_EX) == 0)

            let output = try CLI.run(
                ["check", "--notes", CLI.notesFolder, "--cache-dir", folder.appendingPathComponent("c2").path, "-q"],
                environment: ["TMPDIR": temporary.path])
            #expect(output.status == 0, "\(output.stdout)")
            #expect(runFolders() == ["notes-run-heldheld"], "left: \(runFolders()) of \(left)")
        }
    }

    /// `--cache-dir` naming a folder of the user's is refused before
    /// anything is written to it; a new or empty one, or a cache an earlier
    /// `notes` made before caches were marked, is taken.
    @Test func aCacheFolderOfTheUsersIsRefused() throws {
        try Support.withTemporaryFolder { folder in
            let theirs = folder.appendingPathComponent("thesis")
            try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
            try Data("chapter one\n".utf8).write(to: theirs.appendingPathComponent("draft.txt"))
            for command in ["check", "build", "list"] where command != "list" {
                var arguments = [command, "--notes", CLI.notesFolder, "--cache-dir", theirs.path, "-q"]
                if command == "build" { arguments += ["--out", folder.appendingPathComponent("site").path] }
                let output = try CLI.run(arguments)
                #expect(output.status == 2, "\(command): \(output.stderr)")
                #expect(
                    output.stderr.contains(
                        "--cache-dir \(theirs.path): refusing to use it: it is not empty and was not made by notes (it holds draft.txt)"
                    ),
                    "\(output.stderr)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: theirs.path) == ["draft.txt"])
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site").path))

            // A cache of an earlier notes: its runs, durations, facts and parses.
            let earlier = folder.appendingPathComponent("earlier")
            try FileManager.default.createDirectory(
                at: earlier.appendingPathComponent("facts"), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: earlier.appendingPathComponent(String(repeating: "ab", count: 32) + ".json"))
            try Data("{}".utf8).write(to: earlier.appendingPathComponent("durations.json"))
            let taken = try CLI.run(["check", "--notes", CLI.notesFolder, "--cache-dir", earlier.path, "-q"])
            #expect(taken.status == 0, "\(taken.stderr)")
            #expect(FileManager.default.fileExists(atPath: earlier.appendingPathComponent(".notes-cache").path))
        }
    }

    /// SIGINT at any moment of a build, the writing of the site included,
    /// exits 130 (or the build had finished), never 2 with "cannot write
    /// the site there … Interrupted"; and no half-written site is left.
    @Test func anInterruptWhileTheSiteIsWrittenExits130() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            for index in 0..<400 {
                let chapter = "# 第 \(index) 章\n\n文字 \(index)\n\n## 例子\n\n```python\nprint(\(index))\n```\n"
                try Data(String(repeating: chapter, count: 5).utf8).write(
                    to: notes.appendingPathComponent(String(format: "ch%03d.md", index)))
            }
            let site = folder.appendingPathComponent("site")
            let cache = folder.appendingPathComponent("cache")
            let arguments = [
                "build", "--notes", notes.path, "--out", site.path, "--cache-dir", cache.path, "--no-python", "-q",
            ]
            let start = ContinuousClock.now
            _ = try CLI.run(arguments)
            let whole = ContinuousClock.now - start
            var statuses: [Int32] = []
            for step in 1...10 {
                try? FileManager.default.removeItem(at: site)
                try? FileManager.default.removeItem(at: cache)
                let build = try HardeningTests.start(arguments)
                let micros = Double(whole.components.seconds) * 1e6 + Double(whole.components.attoseconds) / 1e12
                usleep(UInt32(micros * Double(step) / 11))
                kill(build.processIdentifier, SIGINT)
                build.waitUntilExit()
                statuses.append(build.terminationStatus)
                let error = (build.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
                #expect(
                    [130, 1].contains(build.terminationStatus),
                    "SIGINT at \(step)/11 of the build: \(build.terminationStatus) \(String(decoding: error, as: UTF8.self))"
                )
                // No staging folder is left; a site that is there is a whole one (the
                // interrupt came after it was swapped in).
                let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                #expect(!left.contains { $0.hasPrefix(".site.") }, "\(left) at \(step)/11")
                if left.contains("site") {
                    let files = (try? FileManager.default.contentsOfDirectory(atPath: site.path)) ?? []
                    #expect(files.contains(".notes-site") && files.contains("index.html"), "\(files)")
                }
            }
            #expect(statuses.contains(130), "no build was interrupted: \(statuses)")
        }
    }
}
