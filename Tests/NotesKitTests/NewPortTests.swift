import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// `notes new` on a scratch registry: the port stub and the registration it
/// writes, formatted as the package's own code; then `--record`, with the
/// block's real Python and a stand-in port.
@Suite("notes new", .serialized, .hangGuard)
struct NewPortTests {
    static let note = """
        # 协程

        ## 1.打印

        ```python
        print('你好')   

        print('再见')
        ```

        ## 2.不打印

        ```python
        x = 42
        ```

        """

    static let additionsTemplate = """
        import ExampleKit

        extension CourseExamples {
            static let added: [Example] = [
                // notes new: examples above this line
            ]

            static let addedReviews: [Review] = [
                // notes new: reviews above this line
            ]
        }

        """

    /// A notes folder and an examples folder (with the ports' `.swift-format`).
    static func scratch(_ body: (_ notes: URL, _ examples: URL) throws -> Void) throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            let examples = folder.appendingPathComponent("Examples")
            for url in [notes, examples] {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            }
            try Data(note.utf8).write(to: notes.appendingPathComponent("03-co.md"))
            try Data(additionsTemplate.utf8).write(to: examples.appendingPathComponent("Added.swift"))
            try FileManager.default.copyItem(
                at: Support.packageRoot.appendingPathComponent("Sources/ConcurrencyExamples/.swift-format"),
                to: examples.appendingPathComponent(".swift-format"))
            try body(notes, examples)
        }
    }

    static func registry(_ examples: URL, _ registered: [Example] = []) -> ExampleRegistry {
        ExampleRegistry(
            examples: registered, reviews: [], reviewedBlocks: examples.appendingPathComponent("Reviewed").path,
            additions: examples.appendingPathComponent("Added.swift").path)
    }

    @Test func aStubAndARegistrationThatTheFormatterLeavesAlone() throws {
        try Self.scratch { notes, examples in
            let said = try NewPort.create(block: "1", notes: notes.path, registry: Self.registry(examples))
            #expect(said.contains { $0.contains("Port03Co1.swift") })
            _ = try NewPort.create(
                block: "\(notes.path)/03-co.md:15", notes: notes.path, registry: Self.registry(examples))

            let port = try String(contentsOf: examples.appendingPathComponent("Port03Co1.swift"), encoding: .utf8)
            #expect(port.hasPrefix("// 代码块: 协程 › 1.打印，第 1 个代码块\n"))
            #expect(port.contains("///     print('你好')\n///\n///     print('再见')\nenum Port03Co1 {"))
            #expect(port.contains("invariant(false, \"还没有移植：03-co-1\")"))
            #expect(FileManager.default.fileExists(atPath: examples.appendingPathComponent("Port03Co2.swift").path))

            let added = try String(contentsOf: examples.appendingPathComponent("Added.swift"), encoding: .utf8)
            #expect(added.contains("\"03-co-1\""))
            // The formatter may wrap a locator; its words stay in order.
            let flat = added.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                .replacingOccurrences(of: "( ", with: "(")
            #expect(flat.contains("ports: BlockLocator(note: \"03-co.md\", heading: \"1.打印\", index: 1)"))
            #expect(flat.contains("ports: BlockLocator(note: \"03-co.md\", heading: \"2.不打印\", index: 1)"))
            #expect(flat.contains("Review(of: BlockLocator(note: \"03-co.md\", heading: \"2.不打印\", index: 1))"))
            #expect(added.contains("// notes new: examples above this line"))

            // The block's text as reviewed, under its fingerprint.
            let reviewed = try FileManager.default.contentsOfDirectory(
                atPath: examples.appendingPathComponent("Reviewed").path)
            #expect(reviewed.count == 2)

            // What `notes new` wrote is what the package's formatter and
            // linter want, so CI's lint step stays green.
            let lint = try ChildProcess.run(
                Command("swift", ["format", "lint", "--strict", "-r", examples.path]),
                limits: RunLimits(timeout: .seconds(60)))
            #expect(lint.termination == .exited(0), "\(lint.stderr)\n\(added)")

            // A file that exists is never overwritten.
            #expect(throws: ConfigurationError.self) {
                try NewPort.create(block: "1", notes: notes.path, registry: Self.registry(examples), id: "03-co-1")
            }
            #expect(throws: ConfigurationError.self) {
                try NewPort.create(block: "9", notes: notes.path, registry: Self.registry(examples))
            }
        }
    }

    /// `--record` proposes the Python's own lines where it prints the same
    /// each run, else the port's output as a regression guard, and writes
    /// the proposal in place of the placeholder.
    @Test func recordProposesThePythonsLinesOrThePortsOwn() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        try Self.scratch { notes, examples in
            _ = try NewPort.create(block: "1", notes: notes.path, registry: Self.registry(examples))
            _ = try NewPort.create(block: "2", notes: notes.path, registry: Self.registry(examples))
            let addedPath = examples.appendingPathComponent("Added.swift").path
            let text = try String(contentsOfFile: addedPath, encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            let line = { (id: String) in (lines.firstIndex { $0.contains("\"\(id)\"") } ?? 0) }
            // The registered examples as the compiled registry would have them.
            let (documents, _) = try NotesFolder.load(notes.path, layout: SiteMap.init)
            let blocks = try Binder.bind(documents, to: ExampleRegistry(examples: [])).blocks
            let registered = zip(["03-co-1", "03-co-2"], ["1.打印", "2.不打印"]).enumerated().map { index, pair in
                Example(
                    pair.0, ports: BlockLocator(note: "03-co.md", heading: pair.1),
                    fingerprint: blocks[index].fingerprint,
                    source: "P.swift", expect: [], filePath: addedPath, line: line(pair.0), main: { _ in })
            }
            let registry = ExampleRegistry(
                examples: registered, reviews: registered.map { Review(of: $0.block) },
                reviewedBlocks: examples.appendingPathComponent("Reviewed").path, additions: addedPath)
            let runner = Runner(
                launcher: ScriptLauncher(scripts: ["03-co-1": "echo 你好; echo 再见", "03-co-2": "echo 42"]), jobs: 2,
                originals: OriginalLauncher(helper: ReviewFixtureTests.notesBinary, enabled: true))

            let first = try NewPort.record("03-co-1", notes: notes.path, registry: registry, runner: runner)
            #expect(first.contains { $0.contains("the notes' Python prints the same 2 line(s)") })
            let second = try NewPort.record("03-co-2", notes: notes.path, registry: registry, runner: runner)
            #expect(second.contains { $0.contains("a guard against regressions of the port (not evidence") })

            let recorded = try String(contentsOfFile: addedPath, encoding: .utf8)
            #expect(recorded.contains("sameOutput: .python(),"))
            #expect(recorded.contains("expect: [.recordedOutput(\"42\\n\")],"))
            #expect(!recorded.contains("expect: [],"))
            // A second record finds no placeholder left.
            #expect(throws: ConfigurationError.self) {
                try NewPort.record("03-co-1", notes: notes.path, registry: registry, runner: runner)
            }
        }
    }
}
