import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite("Binding blocks to examples", .hangGuard)
struct BinderTests {
    static let notes = """
        # Chapter

        ## Threads

        ```python
        print("one")
        ```

        Some prose.

        ```python
        print("two")
        ```

        ## Queues

        ```python
        print("three")
        ```
        """

    static func example(_ id: String, _ heading: String, _ index: Int = 1, fingerprint: String) -> Example {
        Example(
            id, ports: BlockLocator(note: "a.md", heading: heading, index: index), fingerprint: fingerprint,
            source: "\(id).swift", expect: [.exactOutput("")], main: { _ in })
    }

    func bind(
        _ examples: [Example], notes text: String = notes, path: String = "notes/a.md", waivers: [Waiver] = []
    ) throws -> Binding {
        try Binder.bind(
            [MarkdownParser.parse(text, path: path)],
            to: ExampleRegistry(examples: examples, waivers: waivers))
    }

    var fingerprints: [String] {
        MarkdownParser.parse(Self.notes, path: "a.md").codeBlocks.map { Fingerprint.of($0.code) }
    }

    /// Blocks grouped by heading in runs are the blocks grouped one by one:
    /// headings that repeat across notes and within one, spaces that
    /// normalize alike, blocks before any heading.
    @Test func theHeadingIndexGroupsAsBlockByBlock() throws {
        let first = "```python\n0\n```\n# A\n## 线程  池\n```python\n1\n```\n```python\n2\n```\n## Q\n```python\n3\n```\n"
        let second = "# B\n## 线程 池\n```python\n4\n```\n## Q\n```python\n5\n```\n## 线程\t池\n```python\n6\n```\n"
        let binding = try Binder.bind(
            [MarkdownParser.parse(first, path: "a.md"), MarkdownParser.parse(second, path: "b.md")],
            to: ExampleRegistry(examples: []))
        #expect(binding.blocks.count == 7)
        let reference = Dictionary(grouping: binding.blocks.indices) {
            binding.blocks[$0].notePath + "\u{0}"
                + (binding.blocks[$0].section?.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(Binder.headingIndex(binding.blocks) == reference)
        #expect(reference["a.md\u{0}线程 池"] == [1, 2])
        #expect(reference["b.md\u{0}线程 池"] == [4, 6])
    }

    @Test func examplesBindByHeadingAndIndex() throws {
        let binding = try bind([
            Self.example("two", "Threads", 2, fingerprint: fingerprints[1]),
            Self.example("one", "Threads", 1, fingerprint: fingerprints[0]),
        ])
        #expect(binding.blocks.map { $0.examples.map(\.id) } == [["one"], ["two"], []])
        #expect(binding.blocks.allSatisfy { $0.staleExamples.isEmpty })
        #expect(binding.diagnostics.isEmpty)
    }

    @Test func anEditedBlockMakesItsExampleStale() throws {
        let edited = Self.notes.replacingOccurrences(of: "print(\"two\")", with: "print(\"2\")")
        let binding = try bind([Self.example("two", "Threads", 2, fingerprint: fingerprints[1])], notes: edited)
        #expect(binding.blocks[1].staleExamples.map(\.id) == ["two"])
        let report = Checker.check(binding, examples: ["two": .ran(.passing(""))])
        #expect(report.blocks[1].status == .stale)
        let stale = try #require(report.blocks[1].diagnostics.first)
        #expect(
            stale.description.hasPrefix(
                "notes/a.md:11:1: error: block changed since example 'two' was reviewed (stale)"))
    }

    @Test func unrelatedEditsDoNotMoveOrStaleABlock() throws {
        let edited =
            "Intro paragraph.\n\n```sh\necho before\n```\n\n"
            + Self.notes
            .replacingOccurrences(of: "Some prose.", with: "Much longer prose,\nover two lines.")
            .replacingOccurrences(of: "print(\"three\")", with: "print(\"3\")")
        let binding = try bind([Self.example("two", "Threads", 2, fingerprint: fingerprints[1])], notes: edited)
        let bound = try #require(binding.blocks.first { !$0.examples.isEmpty })
        #expect(bound.block.code == "print(\"two\")\n")
        #expect(bound.staleExamples.isEmpty)
    }

    @Test func aBlockWithoutExampleIsUnmappedUnlessWaived() throws {
        let waiver = Waiver(BlockLocator(note: "a.md", heading: "Queues"), reason: "prints a constant")
        let binding = try bind([Self.example("one", "Threads", fingerprint: fingerprints[0])], waivers: [waiver])
        let report = Checker.check(binding, examples: ["one": .ran(.passing(""))])
        #expect(report.blocks.map(\.status) == [.passed, .unmapped, .waived])
        #expect(report.blocks[2].reason == "prints a constant")
        let unmapped = try #require(report.blocks[1].diagnostics.first)
        #expect(unmapped.description.hasPrefix("notes/a.md:11:1: error: python block has no example (unmapped)"))
        #expect(report.exitCode == 1)
        #expect(report.closingLine == "1 passed, 1 failed, 1 waived")
    }

    @Test func aLocatorThatFindsNothingIsAWarningAtTheRegistration() throws {
        let binding = try bind([
            Self.example("one", "Threads", fingerprint: fingerprints[0]),
            Self.example("lost", "Renamed heading", fingerprint: "x"),
            Self.example("too-far", "Queues", 2, fingerprint: "x"),
        ])
        #expect(binding.diagnostics.count == 2)
        #expect(binding.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(binding.diagnostics[0].message.contains("'lost'"))
        #expect(binding.diagnostics[0].location?.path.hasSuffix("BinderTests.swift") == true)
        #expect(binding.diagnostics[1].message.contains("that heading has 1 code block"))
    }

    @Test func foreignNotesGetOneNoteInsteadOfAWarningPerExample() throws {
        let binding = try bind(
            [
                Self.example("a", "Threads", fingerprint: "x"), Self.example("b", "Queues", fingerprint: "x"),
            ], notes: "# Other\n\n```js\nx\n```\n", path: "notes/other.md")
        #expect(binding.diagnostics.map(\.severity) == [.note])
        #expect(binding.diagnostics[0].message.contains("none of the 2 registered examples"))
        #expect(binding.diagnostics[0].message.contains("the registry names blocks in a.md"))
    }

    /// A block is bound only in the note its locator names: the same
    /// heading and code in another note binds nothing, and the warning at
    /// the registration says where the heading is now.
    @Test func aBlockBindsOnlyInTheNoteItsLocatorNames() throws {
        let moved = try bind(
            [Self.example("one", "Threads", fingerprint: fingerprints[0])], path: "notes/03-moved.md")
        #expect(moved.blocks.allSatisfy { $0.examples.isEmpty })
        #expect(moved.diagnostics.count == 1)
        let message = try #require(moved.diagnostics.first?.message)
        #expect(message.contains("ports block #1 under “Threads” in a.md"))
        #expect(message.contains("that heading has code in 03-moved.md"))
        #expect(message.contains("set the locator's note to it"))
        // Told where the note is now, it binds again, and its fingerprint still holds.
        var example = Self.example("one", "Threads", fingerprint: fingerprints[0])
        example.block.note = "03-moved.md"
        let found = try bind([example], path: "notes/03-moved.md")
        #expect(found.blocks[0].examples.map(\.id) == ["one"] && found.blocks[0].state == .mapped)
        // A note in a subfolder is named by its path inside the notes folder.
        let (documents, _) = try Support.withTemporaryFolder { folder in
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("part-2"), withIntermediateDirectories: true)
            try Data(Self.notes.utf8).write(to: folder.appendingPathComponent("part-2/a.md"))
            return try NotesFolder.load(folder.path, layout: SiteMap.init)
        }
        #expect(documents.map(\.notePath) == ["part-2/a.md"])
    }

    @Test func ambiguousHeadingsNeedAChapter() throws {
        let notes = "# A\n\n## Same\n\n```py\na\n```\n\n# B\n\n## Same\n\n```py\nb\n```\n"
        let ambiguous = try bind([Self.example("x", "Same", fingerprint: "x")], notes: notes)
        #expect(ambiguous.diagnostics.first?.message.contains("name the chapter") == true)
        var chosen = Self.example("x", "Same", fingerprint: "x")
        chosen.block.chapter = "B"
        let resolved = try bind([chosen], notes: notes)
        #expect(resolved.blocks.map { $0.examples.count } == [0, 1])
    }

    @Test func severalImplementationsOfOneBlock() throws {
        var twin = Self.example("one-modern", "Threads", fingerprint: fingerprints[0])
        twin.kind = .idiomatic
        let binding = try bind([Self.example("one", "Threads", fingerprint: fingerprints[0]), twin])
        #expect(binding.blocks[0].examples.map(\.id) == ["one", "one-modern"])
        let report = Checker.check(
            binding, examples: ["one": .ran(.passing("")), "one-modern": .ran(.failing(status: 3))])
        #expect(report.blocks[0].status == .failed)
        #expect(report.blocks[0].reason == "exited with status 3")
    }

    @Test func duplicateIdsAndBadPatternsAreConfigurationErrors() {
        #expect(throws: ConfigurationError.self) {
            try bind([Self.example("a", "Threads", fingerprint: "x"), Self.example("a", "Queues", fingerprint: "x")])
        }
        var bad = Self.example("a", "Threads", fingerprint: "x")
        bad.expectations = [.containsLine(matching: "([unclosed")]
        #expect(throws: ConfigurationError.self) { try bind([bad]) }
        var empty = Self.example("a", "Threads", fingerprint: "x")
        empty.entry = nil
        #expect(throws: ConfigurationError.self) { try bind([empty]) }
    }
}

extension RunResult {
    static func passing(_ stdout: String) -> RunResult {
        RunResult(
            termination: .exited(0), timedOut: false, leftoverProcesses: false, stdout: stdout, stderr: "",
            stdoutDropped: 0, stderrDropped: 0, seconds: 0.01)
    }

    static func failing(status: Int32, stderr: String = "") -> RunResult {
        RunResult(
            termination: .exited(status), timedOut: false, leftoverProcesses: false, stdout: "", stderr: stderr,
            stdoutDropped: 0, stderrDropped: 0, seconds: 0.01)
    }
}
