import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite(.timeLimit(.minutes(1))) struct FingerprintTests {
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

    @Test func updaterRewritesTheRegisteredLiteral() throws {
        try Support.withTemporaryFolder { folder throws in
            let file = folder.appendingPathComponent("Registry.swift")
            let text = """
                let a = Example(
                    "a", ports: X, fingerprint: "aaaaaaaaaaaa",
                    source: "A.swift")
                let b = Example(
                    "b", ports: Y, fingerprint: "bbbbbbbbbbbb",
                    source: "B.swift")

                """
            try Data(text.utf8).write(to: file)
            var example = Example(
                "b", ports: BlockLocator(heading: "H"), fingerprint: "bbbbbbbbbbbb",
                source: "B.swift", main: { _ in })
            example.declaration = .init(filePath: file.path, line: 4)
            let document = MarkdownParser.parse("# H\n\n```py\nnew\n```\n", path: "n.md")
            let binding = try Binder.bind([document], to: ExampleRegistry(examples: [example]))
            let changes = try FingerprintUpdater.update(binding)
            #expect(changes.count == 1)
            let updated = try String(contentsOf: file, encoding: .utf8)
            #expect(updated.contains("fingerprint: \"aaaaaaaaaaaa\""))
            #expect(updated.contains("fingerprint: \"\(Fingerprint.of("new\n"))\""))
            #expect(!updated.contains("bbbbbbbbbbbb"))
        }
    }
}
