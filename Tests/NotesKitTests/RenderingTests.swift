import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite("HTML escaping", .hangGuard)
struct HTMLTests {
    @Test func textAndAttributesAreEscaped() {
        let html = HTML.element("a", ["href": "x\"><script>", "title": "it's"], text: "<script>alert('&lt;')</script>")
        #expect(
            html.markup
                == "<a href=\"x&quot;&gt;&lt;script&gt;\" title=\"it&#39;s\">&lt;script&gt;alert(&#39;&amp;lt;&#39;)&lt;/script&gt;</a>"
        )
    }

    /// The byte-level escape against the plain one it replaced, one
    /// scalar at a time, on text mixing every case: markup characters,
    /// controls, DEL, noncharacters (BMP and astral), CJK and emoji.
    @Test func theByteLevelEscapeAgreesWithAScalarOne() {
        func reference(_ text: String) -> String {
            var escaped = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
                case _ where scalar.value < 0x20: escaped.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
                case "\u{7F}": escaped += "\u{2421}"
                case _ where (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE:
                    escaped += "\u{FFFD}"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped
        }
        let pieces: [String] =
            [
                "a", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{1B}", "\u{0}", "\u{7F}", "\u{EFFF}", "\u{FFFD}",
                "线程池",
                "😀", "é", "\u{F0000}",
            ] + [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF].map { String(Unicode.Scalar(UInt32($0))!) }
        var generator = SplitMix(seed: 7)
        for _ in 0..<2000 {
            let text = (0..<Int(generator.next() % 12)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            .joined()
            #expect(MarkupText.escape(text) == reference(text), "\(text.unicodeScalars.map { $0.value })")
        }
        #expect(MarkupText.escape("plain 文本") == "plain 文本")
    }

    @Test func nilAttributesAreLeftOut() {
        #expect(HTML.void("input", ["type": "search", "value": nil]).markup == "<input type=\"search\">")
    }

    @Test func hrefsKeepChineseAndEncodeTheRest() {
        #expect(URLPath.href("02-pools.html", fragment: "2线程池") == "02-pools.html#2线程池")
        #expect(URLPath.href("my notes.html") == "my%20notes.html")
        #expect(URLPath.href("a#b?.html") == "a%23b%3F.html")
    }
}

@Suite("Python lexer", .hangGuard)
struct PythonLexerTests {
    func kinds(_ code: String) -> [String] {
        PythonLexer.tokenize(code).filter { $0.kind != .plain }.map { "\($0.kind.rawValue):\($0.text)" }
    }

    @Test func keywordsBuiltinsAndDefinitions() {
        #expect(
            kinds("def f(x):\n    return len(x) is None") == [
                "keyword:def", "function:f", "keyword:return", "builtin:len", "keyword:is", "keyword:None",
            ])
        #expect(kinds("class Produser(Process):\n    pass") == ["keyword:class", "type:Produser", "keyword:pass"])
        #expect(kinds("self.queue = Queue(3)") == ["builtin:self", "number:3"])
    }

    @Test func strings() {
        #expect(kinds("x = 'a' + \"b\"") == ["string:'a'", "string:\"b\""])
        #expect(kinds("s = r'\\d+' + b'\\x00'") == ["string:r'\\d+'", "string:b'\\x00'"])
        #expect(kinds("'it\\'s'") == ["string:'it\\'s'"])
        #expect(
            kinds("\"\"\"doc\nstring 'quoted'\"\"\" # after") == [
                "string:\"\"\"doc\nstring 'quoted'\"\"\"", "comment:# after",
            ])
        #expect(kinds("bar'x'") == ["string:'x'"])  // `bar` is a name, not a prefix
        // A combining mark goes on a name but cannot start one: the `r` after it is not a prefix.
        #expect(kinds("\u{301}r'x' (r'x')") == ["string:'x'", "string:r'x'"])
    }

    @Test func fStringFieldsAreInterpolations() {
        #expect(
            kinds("print(f'生产者（用户）生成{item}')") == [
                "builtin:print", "string:f'生产者（用户）生成", "interpolation:{item}", "string:'",
            ])
        #expect(
            kinds("f\"{{literal}} {a[{'k': 1}['k']]}\"") == [
                "string:f\"{{literal}} ", "interpolation:{a[{'k': 1}['k']]}", "string:\"",
            ])
    }

    @Test func commentsNumbersAndDecorators() {
        #expect(
            kinds("x = 0x1F + 1_000 + 3.5e-2 + 2j  # 注释") == [
                "number:0x1F", "number:1_000", "number:3.5e-2", "number:2j", "comment:# 注释",
            ])
        #expect(
            kinds("@property\ndef name(self): pass") == [
                "decorator:@property", "keyword:def", "function:name", "builtin:self", "keyword:pass",
            ])
        #expect(kinds("a @ b") == [])  // matrix multiply, not a decorator
        #expect(kinds("\u{3000}@d\nx @e") == ["decorator:@d"])  // whitespace beyond ASCII still starts a line
    }

    @Test func unterminatedStringsStopAtTheLineEnd() {
        #expect(kinds("x = 'open\ny = 2") == ["string:'open", "number:2"])
    }

    /// Whatever the input, the tokens join back into it exactly: their byte
    /// ranges follow one another, none empty, from the first byte to the last.
    @Test func tokensAreLossless() throws {
        let notes = try String(
            contentsOf: Support.packageRoot.appendingPathComponent(
                "Tests/NotesKitTests/Fixtures/folders/course/01-communication.md"), encoding: .utf8)
        #expect(PythonLexer.tokenize(notes).map(\.text).joined() == notes)
        let pieces = [
            "'", "\"", "\"\"\"", "f'", "{", "}", "#", "\n", "\\", "@", "0x", "1e", "+", "中", "def ", " ", "r'", "{{",
        ]
        for text in Support.fuzzStrings(pieces, count: 500, length: 30, seed: 42) + [notes, ""] {
            #expect(PythonLexer.tokenize(text).map(\.text).joined() == text, "\(text.debugDescription)")
            var text = text
            let ranges = text.withUTF8 { bytes in PythonLexer.spans(in: bytes).map(\.range) }
            let ends = [0] + ranges.map(\.upperBound)
            #expect(ranges.map(\.lowerBound) == ends.dropLast() && ends.last == text.utf8.count)
            #expect(ranges.allSatisfy { !$0.isEmpty })
        }
    }
}

@Suite("Build-time highlighting", .hangGuard)
struct HighlighterTests {
    /// swift-syntax's lookahead doubles with every nested `[`; a note's
    /// code nested deeper than ordinary code is shown plain (the fuzzer
    /// found 26 open brackets taking six minutes).
    @Test func deeplyNestedBracketsAreShownPlainAndQuickly() {
        #expect(CodeHighlighter.bracketCost("let a: [[String: [Int]]] = [[:]]") < 100)
        let deep = "let x: " + String(repeating: "[", count: 30)
        #expect(CodeHighlighter.bracketCost(deep) > 1 << 16)
        let start = ContinuousClock.now
        let html = CodeHighlighter.swift(deep).markup
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(html.contains("let x: [[[") && !html.contains("class=\"kw\""))
    }

    /// The text of highlighted HTML, tags removed and entities decoded.
    static func text(of html: HTML) -> String {
        var markup = html.markup.replacingOccurrences(
            of: "</span><span class=\"line\"", with: "</span>\n<span class=\"line\"")
        while let open = markup.range(of: "<"),
            let close = markup.range(of: ">", range: open.upperBound..<markup.endIndex)
        {
            markup.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return markup.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func swiftIsClassifiedAndLossless() throws {
        let source =
            "import Foundation\n\n/// Doc.\n@MainActor final class A<T>: Sendable {\n    let s = \"x \\(1) <b>\" // done\n    func f() -> Int { 0x2A }\n}"
        let html = CodeHighlighter.swift(source)
        #expect(Self.text(of: html) == source)
        #expect(html.markup.contains("<span class=\"kw\">import</span>"))
        #expect(html.markup.contains("<span class=\"at\">@MainActor</span>"))
        #expect(html.markup.contains("<span class=\"cm\">// done</span>"))
        #expect(html.markup.contains("<span class=\"nu\">0x2A</span>"))
        #expect(html.markup.contains("&lt;b&gt;"))
        #expect(!html.markup.contains("<b>"))
    }

    @Test func pythonHighlightingIsLossless() throws {
        let notes = try String(
            contentsOf: Support.packageRoot.appendingPathComponent(
                "Tests/NotesKitTests/Fixtures/folders/course/02-pools.md"), encoding: .utf8)
        let code = MarkdownParser.parse(notes, path: "n.md").codeBlocks.map(\.code).joined(separator: "\n")
        let html = CodeHighlighter.python(code)
        #expect(Self.text(of: html) + "\n" == code)
        #expect(html.markup.contains("<span class=\"kw\">from</span>"))
    }

    @Test func linesCarryTheirIndentation() {
        let html = CodeHighlighter.plain("a\n    b\n\tc\n")
        #expect(
            html.markup
                == "<span class=\"line\">a</span><span class=\"line\" style=\"--indent:4\">    b</span><span class=\"line\" style=\"--indent:4\">\tc</span>"
        )
    }

    @Test func otherLanguagesAreEscapedText() {
        #expect(
            CodeHighlighter.html("<b>&</b>", language: "html").markup
                == "<span class=\"line\">&lt;b&gt;&amp;&lt;/b&gt;</span>")
    }
}

@Suite("Terminal output", .hangGuard)
struct ANSITextTests {
    @Test func coloursBecomeClassesAndTextIsEscaped() {
        let html = ANSIText.html("\u{1B}[1;31mred <b>\u{1B}[0m plain \u{1B}[92mgreen\u{1B}[39m")
        #expect(
            html.markup
                == "<span class=\"ansi-bold ansi-fg-red\">red &lt;b&gt;</span> plain <span class=\"ansi-fg-green-bright\">green</span>"
        )
    }

    @Test func otherEscapesAreDropped() {
        #expect(ANSIText.html("a\u{1B}[2Kb\u{1B}(Bc\u{1B}[").markup == "abc")
    }
}

@Suite("Port headers", .hangGuard)
struct PortSourceTests {
    @Test func fieldsAndCodeAreSplit() {
        let source = """
            // Block:   并发通信 › 1.进程通信隔离 (block 1)
            // Concept: A child process starts as a copy,
            //          then has memory of its own.
            //
            //          A second paragraph.
            // Swift 6: It says:
            //            error: something
            //                   bad
            //          then more.

            import ExampleKit

            enum X {}
            """
        let port = PortSource.parse(source)
        #expect(port.fields.map(\.key) == ["Block", "Concept", "Swift 6"])
        #expect(port.field("Block") == "并发通信 › 1.进程通信隔离 (block 1)")
        #expect(
            port.fields[1].paragraphs == [
                .prose("A child process starts as a copy, then has memory of its own."), .prose(""),
                .prose("A second paragraph."),
            ])
        #expect(
            port.fields[2].paragraphs == [
                .prose("It says:"), .code("error: something\n       bad"), .prose("then more."),
            ])
        #expect(port.code == "import ExampleKit\n\nenum X {}")
    }
}

@Suite("Port headers in Chinese", .hangGuard)
struct ChinesePortSourceTests {
    @Test func wrappedChineseLinesJoinWithoutASpace() {
        let field = PortSource.parse(
            """
            // 概念: 子进程一开始是父进程的一份副本，
            //   之后就有了自己的内存。It forks
            //   a child, `var`
            //   之后

            code
            """
        ).fields[0]
        #expect(field.text == "子进程一开始是父进程的一份副本，之后就有了自己的内存。It forks a child, `var`之后")
    }

    /// A header as the ports are being rewritten: Chinese keys, continuation
    /// lines aligned in an editor, where a Chinese character is two columns wide.
    static let source = """
        // 代码块:  并发通信 › 1.进程通信隔离（第 1 个代码块）
        // 概念:    子进程一开始是父进程的副本，之后有自己的内存。
        //          子进程里的 `var += 1` 只改自己的那份。
        // 笔记：   这一段不显示。
        // Swift 6: 编译器说：
        //            error: main actor-isolated var
        //          所以移植用了别的写法。

        import ExampleKit
        """

    @Test func chineseKeysParseAndContinuationLinesStayProse() {
        let port = PortSource.parse(Self.source)
        #expect(port.fields.map(\.key) == ["代码块", "概念", "笔记", "Swift 6"])
        #expect(port.field("概念") == "子进程一开始是父进程的副本，之后有自己的内存。子进程里的 `var += 1` 只改自己的那份。")
        #expect(port.field("笔记") == "这一段不显示。")
        #expect(
            port.fields[3].paragraphs == [
                .prose("编译器说："), .code("error: main actor-isolated var"), .prose("所以移植用了别的写法。"),
            ])
        #expect(port.code == "import ExampleKit")
    }

    @Test func theConceptAndSwift6ShowAsChineseProseAndTheNotesFieldNot() {
        let html = BlockPanel.facts(PortSource.parse(Self.source)).markup
        #expect(html.contains("<dt>概念</dt><dd><p>子进程一开始是父进程的副本"))
        #expect(html.contains("<code>var += 1</code>"))
        #expect(html.contains("<dt>Swift 6</dt><dd><p>编译器说：</p><pre class=\"fact-code\">"))
        #expect(!html.contains("这一段不显示") && !html.contains("lang=\"en\""))
        // A header still in English is marked as English.
        let english = BlockPanel.facts(PortSource.parse("// Concept: A copy.\n// Notes: Wrong.\n\nlet x = 1")).markup
        #expect(english == "<dl class=\"facts\"><dt>概念</dt><dd lang=\"en\"><p>A copy.</p></dd></dl>")
    }

    @Test func inlineMarkupIsCodeAndStrongAndEverythingElseEscaped() {
        #expect(
            InlineCode.html("在 **为空** 时 `get()` <b>").markup
                == "在 <strong>为空</strong> 时 <code>get()</code> &lt;b&gt;")
        #expect(InlineCode.html("a ** b").markup == "a ** b")
        #expect(InlineCode.html("`**x**`").markup == "<code>**x**</code>")
    }
}

@Suite("Line anchors and runs", .hangGuard)
struct LineAnchorTests {
    @Test func eachQuotedLineGetsOneAnchorInTheItemThatHoldsIt() throws {
        let document = MarkdownParser.parse(
            "# T\n\nProse one.\nProse two.\n\n```python\na = 1\nb = 2\n```\n\nMore prose.\n", path: "n.md")
        var report = try #require(ReportFixture.report().blocks.first)
        report.errata = [
            ErratumReport(line: 4, kind: .typo, zh: "x", against: nil, holds: nil, evidence: ""),
            ErratumReport(line: 8, kind: .typo, zh: "y", against: nil, holds: nil, evidence: ""),
            ErratumReport(line: 11, kind: .typo, zh: "z", against: nil, holds: nil, evidence: ""),
        ]
        let anchors = LineAnchors(document, reports: [report])
        #expect(anchors.lines == [4, 8, 11])
        // Items: heading (1), prose (3), code (6), prose (11).
        #expect(anchors.lines(ofItem: 1) == [4])
        #expect(anchors.lines(ofItem: 2) == [8])
        #expect(anchors.lines(ofItem: 3) == [11])
        let code = try #require(document.codeBlocks.first)
        let split = LineAnchors.split([6, 8], code: code)
        #expect(split.ids == [1: "line.8"] && split.rest == [6])
        #expect(
            CodeHighlighter.python(code.code, lineIDs: split.ids).markup.contains(
                "<span class=\"line\" id=\"line.8\">b = <span class=\"nu\">2</span></span>"))
    }

    @Test func aRunsWorkingFolderIsLeftOutOfItsOutput() {
        let run = RunResult(
            termination: .exited(1), timedOut: false, leftoverProcesses: false, stdout: "ok\n",
            stderr: "  File \"/tmp/x/notes-run-a1b2c3d4/block.py\", line 3\n",
            stdoutDropped: 0, stderrDropped: 0, seconds: 1)
        let (shown, shortened) = RunView.withoutWorkspace(run)
        #expect(shortened && shown.stderr == "  File \"block.py\", line 3\n" && shown.stdout == "ok\n")
        #expect(RunView.withoutWorkspace(shown).1 == false)
        #expect(RunView.ending(run) == "退出码 1")
    }
}

/// A small seeded generator, so the mixed texts are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
