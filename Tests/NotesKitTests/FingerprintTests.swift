import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite(.hangGuard) struct FingerprintTests {
    @Test func lineEndingsAndTrailingSpaceDoNotCount() {
        let base = Fingerprint.of("def f():\n    return 1\n")
        #expect(Fingerprint.of("def f():\r\n    return 1\r\n") == base)
        #expect(Fingerprint.of("def f():   \n    return 1\n\n\n") == base)
        #expect(base.count == 12)
    }

    @Test func codeIndentationAndCommentsDo() {
        let base = Fingerprint.of("def f():\n    return 1\n")
        #expect(Fingerprint.of("def f():\n  return 1\n") != base)
        #expect(Fingerprint.of("def f():\n    return 1  # one\n") != base)
        #expect(Fingerprint.of("def f():\n    return 2\n") != base)
    }

    /// A stale review as an author does it: see what changed, accept only
    /// the example named, and only if its port passes against the new text.
    @Test func anUpdateShowsTheDiffAcceptsOnlyWhatWasNamedAndOnlyIfItPasses() throws {
        try Support.withTemporaryFolder { folder throws in
            let notes = folder.appendingPathComponent("notes")
            let reviewed = folder.appendingPathComponent("Reviewed")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: reviewed, withIntermediateDirectories: true)
            try Data("# H\n\n```py\nnew\n```\n\n# K\n\n```py\nnew too\n```\n".utf8)
                .write(to: notes.appendingPathComponent("n.md"))
            try Data("old\n".utf8).write(to: reviewed.appendingPathComponent("aaaaaaaaaaaa.txt"))
            let file = folder.appendingPathComponent("Registry.swift")
            let registryText = """
                let a = Example(
                    "a", ports: X, fingerprint: "aaaaaaaaaaaa",
                    source: "A.swift")
                let b = Example(
                    "b", ports: Y, fingerprint: "bbbbbbbbbbbb",
                    source: "B.swift")

                """
            try Data(registryText.utf8).write(to: file)
            var a = Example(
                "a", ports: BlockLocator(note: "n.md", heading: "H"), fingerprint: "aaaaaaaaaaaa", source: "A.swift",
                expect: [.exactOutput("ok\n")], main: { _ in })
            a.declaration = .init(filePath: file.path, line: 1)
            var b = Example(
                "b", ports: BlockLocator(note: "n.md", heading: "K"), fingerprint: "bbbbbbbbbbbb", source: "B.swift",
                main: { _ in })
            b.declaration = .init(filePath: file.path, line: 4)
            let registry = ExampleRegistry(examples: [a, b], reviewedBlocks: reviewed.path)
            let update = { (script: String, dryRun: Bool) in
                try FingerprintUpdater.update(
                    notes: notes.path, registry: registry,
                    runner: Runner(launcher: ScriptLauncher(scripts: ["a": script, "b": "true"])),
                    selection: try Selection(["a"], registry: registry), dryRun: dryRun)
            }

            let dry = try update("echo ok", true)
            #expect(dry.accepted)
            #expect(dry.lines.contains("    -old") && dry.lines.contains("    +new"))
            #expect(try String(contentsOf: file, encoding: .utf8) == registryText)

            let failing = try update("echo wrong", false)
            #expect(!failing.accepted)
            #expect(failing.lines.contains { $0.hasPrefix("not accepted") })
            #expect(try String(contentsOf: file, encoding: .utf8) == registryText)

            let passing = try update("echo ok", false)
            #expect(passing.accepted)
            let updated = try String(contentsOf: file, encoding: .utf8)
            let fresh = Fingerprint.of("new\n")
            #expect(updated.contains("fingerprint: \"\(fresh)\""))
            #expect(updated.contains("fingerprint: \"bbbbbbbbbbbb\""))  // not named: left alone
            #expect(
                FileManager.default.contents(atPath: reviewed.appendingPathComponent("\(fresh).txt").path)
                    == Data("new\n".utf8))
        }
    }
}
