import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// The notes' own Python, run for real (python3, under `notes __sandbox`),
/// on fixture notes with a registry of their own: statuses, errata that
/// hold, and an erratum that stops holding when the notes are fixed.
@Suite("Reviews of fixture notes, their Python run", .serialized, .hangGuard)
struct ReviewFixtureTests {
    static let notes = """
        # 修复前

        ## 崩溃

        ```python
        import socket
        s = socket.socket()
        s.bind('127.0.0.1', 0)
        ```

        ## 永不结束

        ```python
        while True:
            pass
        ```

        ## 打印

        结果是 1。

        ```python
        print(1)
        ```

        ## 探针

        ```python
        x = 1
        x += 1
        #x 还是 1
        ```

        """

    static func registry(_ text: String) -> (ExampleRegistry, ScriptLauncher) {
        let document = MarkdownParser.parse(text, path: "n.md")
        let binding = try? Binder.bind([document], to: ExampleRegistry(examples: []))
        let fingerprint = { (heading: String) in
            binding?.blocks.first { $0.section?.text == heading }?.fingerprint ?? "-"
        }
        let examples = ["崩溃", "永不结束", "打印", "探针"].enumerated().map { index, heading in
            Example(
                "e\(index)", ports: BlockLocator(note: "n.md", heading: heading), fingerprint: fingerprint(heading),
                source: "E.swift", expect: [.exactOutput("1\n")], main: { _ in })
        }
        let reviews = [
            Review(
                of: BlockLocator(note: "n.md", heading: "崩溃"), original: Original(timeout: .seconds(10)),
                errata: [
                    Erratum(
                        .crash, at: "s.bind(", zh: "bind 只接受一个参数。",
                        check: .run(
                            .python, .crashes(matching: "TypeError: socket\\.bind\\(\\) takes exactly one argument")))
                ]),
            Review(
                of: BlockLocator(note: "n.md", heading: "永不结束"), original: Original(timeout: .milliseconds(800)),
                errata: [Erratum(.neverEnds, at: "while True:", zh: "永远不会结束。", check: .run(.python, .neverEnds))]),
            Review(
                of: BlockLocator(note: "n.md", heading: "打印"),
                claims: [Claim("结果是 1", against: .python, evidence: .output(.exactOutput("1\n")))]),
            Review(
                of: BlockLocator(note: "n.md", heading: "探针"),
                probes: [Probe("print-x", after: "print(x)", purpose: "看 x")],
                claims: [
                    Claim(
                        "x 还是 1", against: .probe("print-x"), evidence: .output(.exactOutput("1\n")),
                        expected: .refuted("x 是 2。"))
                ],
                errata: [
                    Erratum(.noOutput, at: "x = 1", zh: "什么也不打印。", check: .run(.python, .printsNothing)),
                    Erratum(
                        .wrongClaim, at: "#x 还是 1", zh: "x 是 2。",
                        check: .run(.probe("print-x"), .output(.exactOutput("2\n")))),
                ]),
        ]
        let scripts = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, "echo 1") })
        return (ExampleRegistry(examples: examples, reviews: reviews), ScriptLauncher(scripts: scripts))
    }

    /// The `notes` binary built beside the tests: its `__sandbox` runs the Python.
    static var notesBinary: String {
        URL(fileURLWithPath: SelfLauncher.currentExecutable()).deletingLastPathComponent()
            .appendingPathComponent("notes").path
    }

    /// The registry with the texts of `reviewedNotes`' blocks kept in
    /// `folder/Reviewed`, as `notes new` and `--update-fingerprints` keep
    /// them: a block's Python runs only while it reads as its kept text.
    static func keepingReviewedTexts(
        _ registry: ExampleRegistry, of reviewedNotes: String = notes, in folder: URL
    ) throws -> ExampleRegistry {
        let reviewed = folder.appendingPathComponent("Reviewed")
        try FileManager.default.createDirectory(at: reviewed, withIntermediateDirectories: true)
        for block in MarkdownParser.parse(reviewedNotes, path: "n.md").codeBlocks {
            try Data(block.code.utf8).write(to: reviewed.appendingPathComponent("\(Fingerprint.of(block.code)).txt"))
        }
        var registry = registry
        registry.reviewedBlocks = reviewed.path
        return registry
    }

    static func runner(_ launcher: ScriptLauncher) -> Runner {
        Runner(launcher: launcher, jobs: 2, originals: OriginalLauncher(helper: Self.notesBinary, enabled: true))
    }

    static func check(_ text: String, registry: ExampleRegistry, launcher: ScriptLauncher) throws -> CheckReport {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: notes.appendingPathComponent("n.md"))
            return try Pipeline.check(
                notes: notes.path, registry: try keepingReviewedTexts(registry, in: folder), runner: runner(launcher))
        }
    }

    @Test func theNotesPythonRunsAndBehavesAsItsErrataSay() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        let (registry, launcher) = Self.registry(Self.notes)
        let report = try Self.check(Self.notes, registry: registry, launcher: launcher)
        #expect(report.blocks.map { $0.original?.status } == [.crashed, .neverEnds, .asClaimed, .noOutput])
        #expect(report.blocks.allSatisfy { $0.original?.expected == true })
        #expect(report.blocks.allSatisfy { $0.original?.sandbox == "bubblewrap" })
        #expect(report.blocks.flatMap(\.errata).map(\.holds) == [true, true, true, true])
        #expect(report.blocks[0].original?.run?.stderr.contains("TypeError") == true)
        #expect(report.blocks[2].claims.map(\.verdict) == [.holds])
        // A claim the notes make in a comment, refuted by the notes' code
        // with one line added.
        let probe = try #require(report.blocks[3].original?.probes.first)
        #expect(probe.run?.stdout == "2\n")
        #expect(report.blocks[3].claims.map(\.verdict) == [.refuted])
        #expect(report.exitCode == 0, "\(report.allDiagnostics)")
    }

    /// Fixing the notes' mistake makes the block stale: a plain check runs
    /// none of its Python and says how to review it; the author's
    /// `--update-fingerprints --dry-run` runs the new text and says, at the
    /// line of the call it was about, that its erratum would stop holding.
    @Test func fixingTheMistakeStopsItsPythonUntilTheAuthorAsks() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        let (registry, launcher) = Self.registry(Self.notes)
        let fixed = Self.notes.replacingOccurrences(of: "s.bind('127.0.0.1', 0)", with: "s.bind(('127.0.0.1', 0))")
        let line = try #require(fixed.components(separatedBy: "\n").firstIndex { $0.contains("s.bind((") }) + 1

        let report = try Self.check(fixed, registry: registry, launcher: launcher)
        let messages = report.allDiagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages.contains { $0.contains("/n.md:5:1: error: block changed since example 'e0'") })
        #expect(!messages.contains { $0.contains("erratum no longer holds") })
        #expect(report.blocks[0].original?.status == .notRun)
        #expect(report.blocks[0].original?.run == nil)
        #expect(report.blocks[0].original?.notRunReason?.contains("--update-fingerprints e0 --dry-run") == true)
        #expect(report.exitCode == 1)

        let dry = try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            try Data(fixed.utf8).write(to: notes.appendingPathComponent("n.md"))
            let kept = try Self.keepingReviewedTexts(registry, in: folder)
            return try FingerprintUpdater.update(
                notes: notes.path, registry: kept, runner: Self.runner(launcher),
                selection: try Selection(["e0"], registry: kept), dryRun: true)
        }
        #expect(dry.lines.contains { $0.contains("/n.md:\(line):1: error: the crash erratum no longer holds") })
        #expect(dry.lines.last == "dry run: nothing was written")
    }
}
