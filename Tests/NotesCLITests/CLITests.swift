import Foundation
import Testing

@testable import NotesKit

/// The `notes` executable, run as a user runs it.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let notesFolder = packageRoot.appendingPathComponent("notes").path

    /// The `notes` binary built beside this test bundle.
    static var binary: String {
        let folder = URL(fileURLWithPath: SelfLauncher.currentExecutable()).deletingLastPathComponent()
        return folder.appendingPathComponent("notes").path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `notes` with `arguments`; a fresh cache folder unless one is given.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) throws -> Output {
        try #require(
            FileManager.default.isExecutableFile(atPath: binary), "build the notes executable first (swift build)")
        let result = try ChildProcess.run(
            Command(binary, arguments, environment: environment), limits: RunLimits(timeout: timeout))
        #expect(!result.timedOut, "notes \(arguments.joined(separator: " ")) timed out")
        #expect(!result.leftoverProcesses, "notes \(arguments.joined(separator: " ")) left processes running")
        guard case .exited(let status) = result.termination else {
            Issue.record("notes crashed: \(result.termination)\n\(result.stderr)")
            return Output(status: -1, stdout: result.stdout, stderr: result.stderr)
        }
        return Output(status: status, stdout: result.stdout, stderr: result.stderr)
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func withCopyOfNotes<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notes-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: notesFolder, toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    static func temporaryCache() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("notes-cache-\(UUID().uuidString)").path
    }
}

@Suite("The notes command", .serialized, .hangGuard)
struct CLITests {
    /// The blocks `notes list` shows for the course, as JSON.
    static func listedBlocks() throws -> [[String: Any]] {
        let output = try CLI.run(["list", "--notes", CLI.notesFolder, "--format", "json"])
        #expect(output.status == 0)
        return try #require(try CLI.json(output.stdout) as? [[String: Any]])
    }

    /// Without python3 the notes' code is not run, every page says so, and
    /// the check fails with one error naming `--no-python`, with which it
    /// passes: a check never goes green on Python it could not run.
    @Test func withoutPythonTheNotesCodeIsNotRunAndOnlyNoPythonPasses() throws {
        let count = try Self.listedBlocks().count
        // A PATH that has the Swift compiler (for compile-failure lessons) but no python3.
        try Support.withTemporaryFolder { folder in
            let swiftc = try #require(try? ChildProcess.resolve("swiftc"))
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("swiftc").path, withDestinationPath: swiftc)
            let output = try CLI.run(
                ["check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", CLI.temporaryCache()],
                environment: ["PATH": folder.path])
            #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
            let root = try #require(try CLI.json(output.stdout) as? [String: Any])
            let errors = (root["diagnostics"] as? [String] ?? []).filter { $0.hasPrefix("error:") }
            #expect(errors.count == 1 && errors.first?.contains("--no-python") == true, "\(errors)")
            let originals = (root["blocks"] as? [[String: Any]] ?? []).map { $0["original"] as? [String: Any] ?? [:] }
            #expect(originals.count == count)
            #expect(originals.allSatisfy { $0["status"] as? String == "not-run" })
            #expect(originals.allSatisfy { ($0["notRunReason"] as? String)?.contains("python3") == true })
        }
        let disabled = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--no-python", "-q", "--cache-dir", CLI.temporaryCache(),
        ])
        #expect(disabled.status == 0)
        #expect(disabled.stdout.contains("the notes' Python: \(count) not-run"))
    }

    /// One character changed in the first line of code of each chapter's
    /// first ported block, in a copy of the notes, makes that block's
    /// examples stale, at the block's line; the notes are not written to.
    @Test func changingOneCharacterOfAPortedBlockMakesItStale() throws {
        let blocks = try Self.listedBlocks().filter { $0["status"] as? String == "mapped" }
        var firstOfEachFile: [String: [String: Any]] = [:]
        for block in blocks.reversed() { firstOfEachFile[block["file"] as? String ?? ""] = block }
        try #require(!firstOfEachFile.isEmpty, "the course has no ported block")
        try CLI.withCopyOfNotes { folder in
            var edited: [(path: String, line: Int, example: String)] = []
            for (file, block) in firstOfEachFile.sorted(by: { $0.key < $1.key }) {
                let name = try #require(file.split(separator: "/").last.map(String.init))
                let url = folder.appendingPathComponent(name)
                var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                let line = try #require(block["line"] as? Int)
                // The fence is on `line`; its first line of code follows.
                lines[line] += "  # changed"
                try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
                edited.append((url.path, line, try #require((block["examples"] as? [String])?.first)))
            }
            let before = try edited.map { try Data(contentsOf: URL(fileURLWithPath: $0.path)) }
            let output = try CLI.run(["check", "--notes", folder.path, "-q", "--cache-dir", CLI.temporaryCache()])
            #expect(output.status == 1)
            for (path, line, example) in edited {
                #expect(
                    output.stdout.contains(
                        "\(path):\(line):1: error: block changed since example '\(example)' was reviewed (stale)"),
                    "\(output.stdout)")
            }
            #expect(try edited.map { try Data(contentsOf: URL(fileURLWithPath: $0.path)) } == before)
        }
    }

    @Test func runStreamsOneExampleAndChecksIt() throws {
        let id = try #require(try Self.listedBlocks().compactMap { ($0["examples"] as? [String])?.first }.first)
        let output = try CLI.run(["run", id, "--notes", CLI.notesFolder])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("\(id): passed"))
    }

    /// `--example ID` checks that example alone: its block's other
    /// examples (the twin) were not asked for, and are not "not run".
    @Test func oneExampleIsCheckedAlone() throws {
        let output = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--example", "process-isolation", "--cache-dir", CLI.temporaryCache(),
        ])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(!output.stdout.contains("process-isolation-modern"), "\(output.stdout)")
        #expect(output.stdout.contains("1 passed, 0 failed"), "\(output.stdout)")
    }

    @Test(arguments: [
        ["check", "--notes", "/no/such/folder"],
        ["list", "--notes", "/no/such/folder"],
        ["check", "--jobs", "0"],
        ["check", "--format", "xml"],
        ["check", "--timeout", "-1"],
        // Less than the runner's millisecond was a 0 ms timeout.
        ["check", "--timeout", "1e-9"],
        ["check", "--timeout", "nan"],
        ["run", "no-such-example"],
        ["frobnicate"],
    ])
    func usageAndConfigurationErrorsExitWith2(_ arguments: [String]) throws {
        let output = try CLI.run(arguments)
        #expect(output.status == 2, "\(arguments): \(output.stderr)")
        #expect(!output.stderr.isEmpty)
    }

    @Test func aNoteThatIsNotUTF8IsAnErrorAtItsLine() throws {
        let folder = CLI.packageRoot.appendingPathComponent("Tests/NotesKitTests/Fixtures/folders/invalid-utf8").path
        let output = try CLI.run(["check", "--notes", folder, "-q", "--cache-dir", CLI.temporaryCache()])
        #expect(output.status == 1)
        #expect(output.stdout.contains("\(folder)/02-bad.md:4:6: error: file is not valid UTF-8"))
    }

    @Test func foreignHostileNotesAreCheckedWithoutACrash() throws {
        try Support.withTemporaryFolder { folder throws in
            let fixtures = CLI.packageRoot.appendingPathComponent("Tests/NotesKitTests/Fixtures/markdown")
            for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) {
                try FileManager.default.copyItem(
                    atPath: fixtures.appendingPathComponent("\(name)/input.md").path,
                    toPath: folder.appendingPathComponent("\(name).md").path)
            }
            for format in ["text", "json", "junit", "github"] {
                let output = try CLI.run([
                    "check", "--notes", folder.path, "-q", "--format", format, "--cache-dir", CLI.temporaryCache(),
                ])
                #expect(output.status == 1, "\(format): \(output.stderr)")
                #expect(output.stderr.isEmpty, "\(format): \(output.stderr)")
            }
            let list = try CLI.run(["list", "--notes", folder.path])
            #expect(list.status == 0)
            #expect(list.stdout.contains("unmapped"))
        }
    }

    @Test func githubAndJUnitFormatsOnTheCourseNotes() throws {
        let cache = CLI.temporaryCache()
        let github = try CLI.run([
            "check", "--notes", CLI.notesFolder, "-q", "--format", "github", "--cache-dir", cache,
        ])
        let lines = github.stdout.split(separator: "\n")
        // Workflow commands, then three plain summary lines: the Python, the errata, the closing line.
        #expect(lines.dropLast(3).allSatisfy { $0.hasPrefix("::") })
        #expect(lines.suffix(3).first?.hasPrefix("the notes' Python: ") == true)
        #expect(lines.last?.contains(" passed, ") == true)
        let junit = try CLI.run(["check", "--notes", CLI.notesFolder, "-q", "--format", "junit", "--cache-dir", cache])
        #expect(junit.stdout.hasPrefix("<?xml"))
        // A test case per example, per block without one, and per Python block.
        let json = try CLI.run(["check", "--notes", CLI.notesFolder, "-q", "--format", "json", "--cache-dir", cache])
        let blocks = try #require((try CLI.json(json.stdout) as? [String: Any])?["blocks"] as? [[String: Any]])
        let expected = blocks.reduce(0) { count, block in
            count + max(1, (block["examples"] as? [Any])?.count ?? 0) + (block["original"] is NSNull ? 0 : 1)
        }
        #expect(junit.stdout.components(separatedBy: "<testcase ").count - 1 == expected)
        #expect(!junit.stdout.contains("name=\"block "))
    }
}

enum Support {
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("notes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
