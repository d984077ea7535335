import Foundation
import Testing

@testable import NotesKit

@Suite("Markdown parsing with cmark", .hangGuard)
struct MarkdownParserTests {
    /// Each fixture's parse, written out as text, must match its golden file.
    @Test(arguments: Support.cases("markdown"))
    func fixture(_ name: String) throws {
        let url = Support.fixtures.appendingPathComponent("markdown/\(name)/input.md")
        let data = try #require(FileManager.default.contents(atPath: url.path))
        let document = MarkdownParser.parse(String(decoding: data, as: UTF8.self), path: "\(name).md")
        Support.assertGolden(dump(document), "markdown/\(name)/expected.txt")
    }

    /// The language is the info string's first word, lower-cased; the other words are its attributes,
    /// even when lower-casing the first word changes its length by as much as they take.
    @Test(arguments: [
        ("python", "python", [String]()), ("Python", "python", []),
        ("rust,ignore,does_not_compile", "rust", ["ignore", "does_not_compile"]),
        ("python {.numberLines}", "python", [".numberLines"]), ("İİ x", "i̇i̇", ["x"]), ("", "", []),
    ])
    func infoStringsGiveALanguageAndAttributes(_ info: String, _ language: String, _ attributes: [String]) throws {
        let code = try #require(MarkdownParser.parse("```\(info)\nx = 1\n```\n", path: "a.md").codeBlocks.first)
        #expect(code.language == language)
        #expect(code.attributes == attributes)
    }

    @Test func crlfAndLFParseTheSame() {
        let lf = MarkdownParser.parse("# T\n\n```python\nx = 1\ny = 2\n```\n", path: "a.md")
        let crlf = MarkdownParser.parse("# T\r\n\r\n```python\r\nx = 1\r\ny = 2\r\n```\r\n", path: "a.md")
        #expect(lf.codeBlocks.map(\.line) == crlf.codeBlocks.map(\.line))
        #expect(Fingerprint.of(lf.codeBlocks[0].code) == Fingerprint.of(crlf.codeBlocks[0].code))
    }

    @Test func rawHTMLBecomesText() {
        let document = MarkdownParser.parse(
            "<script>alert(1)</script>\n\nx <b onclick=\"evil()\">y</b>\n", path: "a.md")
        let html = document.blocks.compactMap { if case .prose(let p) = $0 { p.html } else { nil } }.joined()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b "))
        #expect(html.contains("&lt;script&gt;"))
    }

    /// An image's description may hold another image. Shown as text, the
    /// outer one includes the inner one's text; the inner one is replaced
    /// before the outer one is freed (the fuzzer found the inner one read
    /// after its ancestor had freed it).
    @Test func imagesInsideImagesBecomeTextInnermostFirst() {
        let prose = { (document: Document) in
            document.blocks.compactMap { if case .prose(let p) = $0 { p.html } else { nil } }.joined()
        }
        let shown = MarkdownParser.parse("![a ![b ![c](z)](y)](x) end\n", path: "a.md")
        #expect(prose(shown) == "<p>[图片：a [图片：b [图片：c]]] end</p>\n")

        // Kept or refused, each image is judged in the order of the note.
        var policy = LinkPolicy()
        policy.image = { url in
            url == "keep.png" ? .file(ImageFile(source: "/n/keep.png", sitePath: "media/keep.png")) : .refused(url)
        }
        let mixed = MarkdownParser.parse(
            "![out ![in](no.png)](keep.png)\n\n![last](gone.png)\n", path: "a.md", links: policy)
        #expect(mixed.images.map(\.sitePath) == ["media/keep.png"])
        #expect(mixed.diagnostics.map(\.message) == ["no.png", "gone.png"])
        #expect(mixed.diagnostics.map(\.location?.line) == [1, 3])
        #expect(prose(mixed).contains("<img src=\"media/keep.png\" alt=\"out [图片：in]\" />"))
        #expect(prose(mixed).contains("[图片：last]"))
    }

    @Test func fenceLinesAreTheFenceLines() {
        let document = MarkdownParser.parse("# A\n\ntext\n\n```python\na\nb\n```\n", path: "a.md")
        let block = document.codeBlocks[0]
        #expect(block.line == 5)
        #expect(block.endLine == 8)
        #expect(block.lineCount == 2)
        #expect(block.fenced)
    }

    @Test func manyRandomInputsNeverCrash() {
        // A deterministic stream of awkward Markdown fragments, glued together.
        let pieces = [
            "```", "~~~", "\n", "\r\n", "\t", "- ", "> ", "# ", "<div>", "`", "*", "[x](y)", "中文", "\u{FEFF}", " ",
            "1. ", "<!--", "-->",
        ]
        for text in Support.fuzzStrings(pieces, count: 300, length: 40) {
            let document = MarkdownParser.parse(text, path: "fuzz.md")
            for block in document.codeBlocks {
                #expect(block.line >= 1 && block.endLine >= block.line)
            }
        }
    }

    /// A readable, stable text form of a parsed document.
    func dump(_ document: Document) -> String {
        var lines: [String] = ["title: \(document.title ?? "-")"]
        for block in document.blocks {
            switch block {
            case .heading(let heading):
                lines.append(
                    "heading line=\(heading.line) level=\(heading.level) anchor=\(heading.anchor) text=\(heading.text.debugDescription)"
                )
            case .prose(let prose):
                lines.append("prose line=\(prose.line) text=\(prose.text.debugDescription)")
                lines.append("  html=\(prose.html.debugDescription)")
            case .code(let code):
                lines.append(
                    "code lines=\(code.line)-\(code.endLine) language=\(code.language.debugDescription) info=\(code.info.debugDescription) fenced=\(code.fenced) nested=\(code.nested) count=\(code.lineCount)"
                )
                lines.append("  code=\(code.code.debugDescription)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
