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

@Suite("The notes command", .serialized, .timeLimit(.minutes(5)))
struct CLITests {
    @Test func listShowsTheTwelvePythonBlocksWithFileAndLine() throws {
        let output = try CLI.run(["list", "--notes", CLI.notesFolder, "--format", "json"])
        #expect(output.status == 0)
        let blocks = try #require(try CLI.json(output.stdout) as? [[String: Any]])
        #expect(blocks.count == 12)
        #expect(blocks.allSatisfy { $0["language"] as? String == "python" })
        let places = blocks.map {
            "\(URL(fileURLWithPath: $0["file"] as? String ?? "").lastPathComponent):\($0["line"] as? Int ?? 0)"
        }
        #expect(
            places == [
                "01-communication.md:11", "01-communication.md:30", "01-communication.md:51", "01-communication.md:67",
                "01-communication.md:93", "01-communication.md:131", "01-communication.md:171",
                "02-pools.md:15", "02-pools.md:52", "02-pools.md:88", "02-pools.md:116", "02-pools.md:146",
            ])
    }

    @Test func checkVerifiesEveryBlockOfTheCourseNotes() throws {
        let output = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--format", "json", "--cache-dir", CLI.temporaryCache(),
        ])
        let root = try #require(try CLI.json(output.stdout) as? [String: Any])
        let blocks = try #require(root["blocks"] as? [[String: Any]])
        #expect(blocks.count == 12)
        for block in blocks {
            #expect(
                block["status"] as? String == "passed",
                "\(block["file"] ?? ""):\(block["line"] ?? "") \(block["reason"] ?? "")")
        }
        #expect(output.status == 0)
    }

    /// The notes' own Python, run as written: each block's status, the
    /// TypeErrors in stderr, and the race claim refuted by a probe.
    @Test func theNotesOwnPythonRunsAsWritten() throws {
        let output = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", CLI.temporaryCache(),
        ])
        #expect(output.status == 0, "\(output.stdout)")
        let root = try #require(try CLI.json(output.stdout) as? [String: Any])
        let blocks = try #require(root["blocks"] as? [[String: Any]])
        let originals = blocks.map { $0["original"] as? [String: Any] ?? [:] }
        #expect(
            originals.map { $0["status"] as? String ?? "?" } == [
                "as-claimed", "as-claimed", "as-claimed", "no-output", "no-output", "never-ends", "never-ends",
                "no-output", "no-output", "as-claimed", "crashed", "crashed",
            ])
        #expect(originals.allSatisfy { $0["python"] is String && $0["expected"] as? Bool == true })
        #expect(
            (originals[10]["stderr"] as? String)?.contains(
                "TypeError: socket_rev() missing 1 required positional argument: 'conn'") == true)
        #expect(
            (originals[11]["stderr"] as? String)?.contains(
                "TypeError: socket.bind() takes exactly one argument (2 given)") == true)
        // The crash happened on the driver's first connection.
        #expect((originals[10]["transcript"] as? String)?.contains("连接到 127.0.0.1:8989") == true)

        let race = try #require((blocks[3]["claims"] as? [[String: Any]])?.first)
        #expect(race["quote"] as? String == "两个值没有一个是对的")
        #expect(race["verdict"] as? String == "refuted")
        #expect(race["against"] as? String == "probe")
        #expect(race["againstName"] as? String == "print-var")
        let errata = blocks.flatMap { $0["errata"] as? [[String: Any]] ?? [] }
        #expect(errata.count >= 30)
        #expect(errata.allSatisfy { ($0["holds"] as? Bool) != false })
        #expect(errata.allSatisfy { $0.keys.contains("holds") && ($0["zh"] as? String)?.isEmpty == false })
    }

    @Test func withoutPythonTheNotesCodeIsNotRunAndTheCheckStillPasses() throws {
        // A PATH that has the Swift compiler (for the compile-failure lesson) but no python3.
        try Support.withTemporaryFolder { folder in
            let swiftc = try #require(try? ChildProcess.resolve("swiftc"))
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("swiftc").path, withDestinationPath: swiftc)
            let output = try CLI.run(
                ["check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", CLI.temporaryCache()],
                environment: ["PATH": folder.path])
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            let root = try #require(try CLI.json(output.stdout) as? [String: Any])
            let originals = (root["blocks"] as? [[String: Any]] ?? []).map { $0["original"] as? [String: Any] ?? [:] }
            #expect(originals.count == 12)
            #expect(originals.allSatisfy { $0["status"] as? String == "not-run" })
            #expect(originals.allSatisfy { ($0["notRunReason"] as? String)?.contains("python3") == true })
        }
        let disabled = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--no-python", "-q", "--cache-dir", CLI.temporaryCache(),
        ])
        #expect(disabled.status == 0)
        #expect(disabled.stdout.contains("the notes' Python: 12 not-run"))
    }

    /// Fixing block 12's `bind` in a copy of the notes makes its port stale
    /// and its erratum false, at the line of the call.
    @Test func fixingTheBindCallMakesTheErratumFalseAtItsLine() throws {
        try CLI.withCopyOfNotes { folder in
            let file = folder.appendingPathComponent("02-pools.md")
            let text = try String(contentsOf: file, encoding: .utf8)
            let fixed = text.replacingOccurrences(
                of: "server.bind('127.0.0.1',5898)", with: "server.bind(('127.0.0.1',5898))")
            #expect(fixed != text)
            try fixed.write(to: file, atomically: true, encoding: .utf8)
            let line = try #require(
                fixed.components(separatedBy: "\n").firstIndex { $0.contains("server.bind((") }.map { $0 + 1 })
            let output = try CLI.run(["check", "--notes", folder.path, "-q", "--cache-dir", CLI.temporaryCache()])
            #expect(output.status == 1)
            #expect(
                output.stdout.contains("02-pools.md:146:1: error: block changed since example 'prefork-echo-server'"))
            #expect(output.stdout.contains("02-pools.md:\(line):1: error: the crash erratum no longer holds"))
        }
    }

    @Test func changingOneCharacterOfAPortedBlockMakesItStale() throws {
        try CLI.withCopyOfNotes { folder in
            let file = folder.appendingPathComponent("01-communication.md")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "    var +=1\n", with: "    var +=2\n").write(
                to: file, atomically: true, encoding: .utf8)
            let output = try CLI.run(["check", "--notes", folder.path, "-q", "--cache-dir", CLI.temporaryCache()])
            #expect(output.status == 1)
            #expect(
                output.stdout.contains(
                    "\(folder.path)/01-communication.md:11:1: error: block changed since example 'process-isolation' was reviewed (stale)"
                ))
        }
    }

    @Test func runStreamsOneExampleAndChecksIt() throws {
        let output = try CLI.run(["run", "thread-shared-variable", "--notes", CLI.notesFolder])
        #expect(output.status == 0)
        #expect(output.stdout == "这是函数里面的var 11\n11\n")
        #expect(output.stderr.contains("thread-shared-variable: passed"))
    }

    @Test(arguments: [
        ["check", "--notes", "/no/such/folder"],
        ["list", "--notes", "/no/such/folder"],
        ["check", "--jobs", "0"],
        ["check", "--format", "xml"],
        ["check", "--timeout", "-1"],
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

    @Test func aSecondCheckComesFromTheCache() throws {
        let cache = CLI.temporaryCache()
        _ = try CLI.run(["check", "--notes", CLI.notesFolder, "-q", "--cache-dir", cache])
        let second = try CLI.run(["check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", cache])
        let root = try #require(try CLI.json(second.stdout) as? [String: Any])
        let examples = (root["blocks"] as? [[String: Any]] ?? []).flatMap { $0["examples"] as? [[String: Any]] ?? [] }
        #expect(!examples.isEmpty)
        #expect(examples.allSatisfy { $0["cached"] as? Bool == true })
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
