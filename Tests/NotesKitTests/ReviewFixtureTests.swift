import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// The notes' own Python, run for real (python3, under `notes __sandbox`),
/// on fixture notes with a registry of their own: statuses, errata that
/// hold, and an erratum that stops holding when the notes are fixed.
@Suite("Reviews of fixture notes, their Python run", .serialized, .timeLimit(.minutes(2)))
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
                "e\(index)", ports: BlockLocator(heading: heading), fingerprint: fingerprint(heading),
                source: "E.swift", expect: [.exactOutput("1\n")], main: { _ in })
        }
        let reviews = [
            Review(
                of: BlockLocator(heading: "崩溃"), original: Original(timeout: .seconds(10)),
                errata: [
                    Erratum(
                        .crash, at: "s.bind(", zh: "bind 只接受一个参数。",
                        check: .run(
                            .python, .crashes(matching: "TypeError: socket\\.bind\\(\\) takes exactly one argument")))
                ]),
            Review(
                of: BlockLocator(heading: "永不结束"), original: Original(timeout: .milliseconds(800)),
                errata: [Erratum(.neverEnds, at: "while True:", zh: "永远不会结束。", check: .run(.python, .neverEnds))]),
            Review(
                of: BlockLocator(heading: "打印"),
                claims: [Claim("结果是 1", against: .python, evidence: .output(.exactOutput("1\n")))]),
            Review(
                of: BlockLocator(heading: "探针"), probes: [Probe("print-x", after: "print(x)", purpose: "看 x")],
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

    static func check(_ text: String, registry: ExampleRegistry, launcher: ScriptLauncher) throws -> CheckReport {
        try Support.withTemporaryFolder { folder in
            try Data(text.utf8).write(to: folder.appendingPathComponent("n.md"))
            let runner = Runner(
                launcher: launcher, jobs: 2, originals: OriginalLauncher(helper: Self.notesBinary, enabled: true))
            return try Pipeline.check(notes: folder.path, registry: registry, runner: runner)
        }
    }

    @Test func theNotesPythonRunsAndBehavesAsItsErrataSay() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        let (registry, launcher) = Self.registry(Self.notes)
        let report = try Self.check(Self.notes, registry: registry, launcher: launcher)
        #expect(report.blocks.map { $0.original?.status } == [.crashed, .neverEnds, .asClaimed, .noOutput])
        #expect(report.blocks.allSatisfy { $0.original?.expected == true })
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

    /// Fixing the notes' mistake makes the block stale, and its erratum
    /// false, at the line of the call it was about.
    @Test func fixingTheMistakeMakesItsErratumFalseAtItsLine() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        let (registry, launcher) = Self.registry(Self.notes)
        let fixed = Self.notes.replacingOccurrences(of: "s.bind('127.0.0.1', 0)", with: "s.bind(('127.0.0.1', 0))")
        let report = try Self.check(fixed, registry: registry, launcher: launcher)
        let line = try #require(fixed.components(separatedBy: "\n").firstIndex { $0.contains("s.bind((") }) + 1
        let messages = report.allDiagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages.contains { $0.contains("/n.md:5:1: error: block changed since example 'e0'") })
        #expect(messages.contains { $0.contains(":\(line):1: error: the crash erratum no longer holds") })
        #expect(report.exitCode == 1)
    }
}
