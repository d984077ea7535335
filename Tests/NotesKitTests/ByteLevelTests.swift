import Foundation
import Testing

@testable import NotesKit

/// The byte-level scans that replaced Character-based ones give the same
/// answers as those did, on texts mixing every line ending, whitespace
/// (ASCII and not), CJK, emoji and combining marks.
@Suite("Byte-level scans agree with the Character-based ones", .hangGuard)
struct ByteLevelTests {
    static let pieces = [
        "a", "print(x)", " ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{3000}", "\u{A0}", "\u{2028}", "线程", "😀", "e\u{301}",
        "\u{301}", "\u{0B}", "\u{0C}", "#", "x ", "\u{85}", "\u{2029}", String(repeating: "长", count: 130),
        "。", "，", "\u{302A}", "\u{3099}", "注释",
    ]

    static func texts() -> [String] {
        var generator = SplitMix(seed: 11)
        return (0..<3000).map { _ in
            (0..<Int(generator.next() % 14)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    /// A string of the search index is escaped as JSON.stringify would,
    /// with `<`, U+2028 and U+2029 escaped too, and reads back as itself.
    @Test func scriptStringsEscapeWhatTheyMustAndReadBack() throws {
        let extra = ["\"", "\\", "<", "</script>", "\u{1}", "\u{1F}", "\u{7F}", "\u{E2}", "\u{2027}", "\u{202A}"]
        var generator = SplitMix(seed: 5)
        let all = Self.pieces + extra
        let texts =
            Self.texts()
            + (0..<2000).map { _ in
                (0..<Int(generator.next() % 10)).map { _ in all[Int(generator.next() % UInt64(all.count))] }.joined()
            }
        for text in texts {
            var script = ScriptBytes()
            script.string(text)
            let written = String(decoding: script.bytes, as: UTF8.self)
            let forbidden = written.unicodeScalars.contains {
                $0 == "<" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0.value < 0x20
            }
            #expect(!forbidden, "\(text.unicodeScalars.map(\.value))")
            let read = try JSONSerialization.jsonObject(with: Data(script.bytes), options: .fragmentsAllowed)
            #expect(read as? String == text, "\(text.unicodeScalars.map(\.value))")
        }
        for value in [0, 7, 10, 99, 100, 12_345, Int(Int32.max), Int.max] {
            var script = ScriptBytes()
            script.number(value)
            #expect(String(decoding: script.bytes, as: UTF8.self) == String(value))
        }
    }

    /// Trimming copies the middle whole; it keeps the scalars the
    /// scalar-by-scalar version kept, of a String and of a Substring.
    /// White space is told from the scalar's value as Unicode's property tells it, for every scalar.
    @Test func whiteSpaceByValueIsTheProperty() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isWhitespaceByValue != scalar.properties.isWhitespace {
                Issue.record("U+\(String(value, radix: 16))")
            }
        }
    }

    /// A heading's spaces are normalized as splitting it into Characters would.
    @Test func headingSpaceIsThatOfTheCharacterSplit() {
        let headings =
            Self.texts() + [
                "1.2 线程池", "Queue 队列 get", " 线程", "线程 ", "a  b", "a b", "a\u{3000}b", "a \u{301}b", "线 程",
                "\u{4DC0} x", "a\u{A0}b", "",
            ]
        for text in headings {
            #expect(
                Binder.normalizedSpace(text) == text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func trimmingKeepsTheScalarsBetweenTheWhitespace() {
        func reference(_ text: String) -> [Unicode.Scalar] {
            let scalars = Array(text.unicodeScalars)
            guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return [] }
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
            return Array(scalars[first...last])
        }
        for text in Self.texts() {
            #expect(Array(text.trimmingWhitespace().unicodeScalars) == reference(text))
            let inner = text.dropFirst()
            #expect(Array(inner.trimmingWhitespace().unicodeScalars) == reference(String(inner)))
        }
    }

    /// A block's language read from the bytes of its info string is the
    /// first word the Character-based split finds, lower-cased.
    @Test func languagesAreTheFirstWordOfTheSplit() {
        let words = [
            "Python", "py", "SWIFT", "rust", ",", " ", "\t", "{", "}", ".numberLines", "İ", "ß", "e\u{301}", "线程",
            "A-Z_9",
        ]
        var generator = SplitMix(seed: 3)
        for _ in 0..<3000 {
            let info = (0..<Int(generator.next() % 6)).map { _ in words[Int(generator.next() % UInt64(words.count))] }
                .joined()
            #expect(CodeBlock.language(of: info) == (CodeBlock.words(of: info).first?.lowercased() ?? ""), "\(info)")
        }
    }

    @Test func linesAreCutWhereCharactersWouldCutThem() {
        for text in Self.texts() {
            let reference = text.split(omittingEmptySubsequences: false) {
                $0 == "\n" || $0 == "\r\n" || $0 == "\r"
            }
            #expect(SourceLines.split(text) == reference, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func fingerprintsAreThoseOfTheCharacterBasedNormalization() {
        func reference(_ code: String) -> String {
            var lines =
                code
                .split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
                .map { line in
                    String(line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)])
                }
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
        for text in Self.texts() {
            #expect(Fingerprint.normalized(text) == reference(text), "\(text.unicodeScalars.map(\.value))")
            // The streamed fingerprint is the digest of that text.
            #expect(Fingerprint.of(text) == String(Digest.sha256(reference(text)).prefix(12)))
        }
    }

    @Test func lineCountsAreThoseOfTheCharacterBasedCount() {
        for text in Self.texts() {
            let reference =
                text.isEmpty
                ? 0
                : text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
            let block = CodeBlock(
                info: "python", language: "python", code: text, line: 1, endLine: 1, fenced: true, nested: false)
            #expect(block.lineCount == reference, "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The highlighter's lines, against the Character-based version they replaced.
    @Test func highlightedLinesAreThoseOfTheCharacterBasedVersion() {
        func reference(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String]) -> String {
            var lines: [HTML] = [.empty]
            for (cssClass, text) in pieces {
                let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, part) in parts.enumerated() {
                    if index > 0 { lines.append(.empty) }
                    let span: HTML =
                        cssClass != nil && !part.isEmpty
                        ? .element("span", ["class": cssClass], text: String(part)) : HTML(escaping: String(part))
                    lines[lines.count - 1] += span
                }
            }
            if lines.count > 1, lines.last == .empty { lines.removeLast() }
            let starts = pieces.map(\.text).joined().split(separator: "\n", omittingEmptySubsequences: false)
            return lines.enumerated().map { index, line in
                let indent =
                    index < starts.count
                    ? starts[index].prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) } : 0
                return HTML.element(
                    "span", ["class": "line", "id": ids[index], "style": indent > 0 ? "--indent:\(indent)" : nil], line)
            }.joined().markup
        }
        var generator = SplitMix(seed: 5)
        let classes: [String?] = [nil, "kw", "st"]
        // No CR: the old version split a CRLF that straddled two pieces, and the new one does not.
        let texts = ["a", "  ", "\t", "\n", "<x>", "线程", "\n  ", "", "&", "def f():"]
        for _ in 0..<3000 {
            let pieces = (0..<Int(generator.next() % 8)).map { _ in
                (
                    cssClass: classes[Int(generator.next() % 3)],
                    text: (0..<Int(generator.next() % 4)).map { _ in texts[Int(generator.next() % 10)] }.joined()
                )
            }
            let ids = generator.next() % 2 == 0 ? [:] : [0: "line.1", 2: "line.3"]
            #expect(CodeHighlighter.lines(pieces, ids: ids).markup == reference(pieces, ids: ids), "\(pieces)")
        }
    }

    /// Python highlighting on bytes, against the scalar- and String-based
    /// version it replaced (``ScalarPythonHighlighter``), to the byte: on
    /// every code block and whole file of the fixture notes, and on
    /// thousands of mixed texts with every rule's edge (prefixes, triple
    /// quotes, f-string fields, escapes, numbers, decorators, CRLF and CR,
    /// markup characters, controls, noncharacters, CJK, combining marks and
    /// whitespace beyond ASCII), with and without line ids.
    @Test func pythonHighlightingIsThatOfTheScalarBasedVersion() throws {
        var texts: [String] = []
        let fixtures = try #require(FileManager.default.enumerator(atPath: Support.fixtures.path))
        for case let path as String in fixtures where path.hasSuffix(".md") {
            let data = try Data(contentsOf: Support.fixtures.appendingPathComponent(path))
            let notes = String(decoding: data, as: UTF8.self)
            texts.append(notes)
            texts += MarkdownParser.parse(notes, path: path).codeBlocks.map(\.code)
        }
        #expect(texts.count > 20)
        let pieces =
            [
                "'", "\"", "'''", "\"\"\"", "r'", "b\"", "f'", "F\"", "u'", "rb'", "Br\"", "fR'", "rf\"", "ub'", "x'",
                "{", "}",
                "{{", "}}", "{x}", "#", "# 注释", "\n", "\r\n", "\r", "\t", "    ", " ", "\\", "@", "@a.b", ".", "0x",
                "0X1f", "1",
                "1e", "2E", "+", "-", "j", "_", "def ", "class ", "def", "class", "print", "self", "None", "if", "in",
                "is",
                "NotImplementedError", "lambda x: x", "变量", "线程池", "\u{301}", "e\u{301}", "\u{3000}", "\u{A0}",
                "\u{2028}",
                "😀", "<", ">", "&", "&lt;", "\u{0}", "\u{1B}", "\u{7F}", "\u{0B}", "\u{EFFF}", "(", ")", "[", "]", ":",
                ",", "=",
            ] + [0xFDD0, 0xFFFE, 0x1FFFF, 0x10FFFF].map { String(Unicode.Scalar(UInt32($0))!) }  // noncharacters
        texts += Support.fuzzStrings(pieces, count: 3000, length: 24, seed: 12)
        var generator = SplitMix(seed: 12)
        texts += (0..<1000).map { _ in
            (0..<Int(generator.next() % 60)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
        let idChoices: [[Int: String]] = [[:], [0: "line.1", 2: "line.3"], [1: "a<&\"'>b", 40: "far"]]
        for (number, text) in texts.enumerated() {
            let ids = idChoices[number % idChoices.count]
            #expect(
                CodeHighlighter.python(text, lineIDs: ids).markup == ScalarPythonHighlighter.python(text, lineIDs: ids),
                "\(text.unicodeScalars.map(\.value))")
            #expect(
                PythonLexer.tokenize(text) == ScalarPythonHighlighter.tokenize(text),
                "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The lines of classed pieces, against the String-based version they
    /// replaced, CR and CRLF included (also a CRLF split over two pieces).
    @Test func highlightedLinesAreThoseOfTheStringBasedVersion() {
        var generator = SplitMix(seed: 13)
        let classes: [String?] = [nil, "kw", "st"]
        let texts = [
            "a", "  ", "\t", "\n", "\r", "\r\n", "<x>", "线程", "\n  ", "", "&", "def f():", "\u{1}", "\u{FFFF}",
        ]
        for _ in 0..<3000 {
            let pieces = (0..<Int(generator.next() % 8)).map { _ in
                (
                    cssClass: classes[Int(generator.next() % 3)],
                    text: (0..<Int(generator.next() % 4)).map { _ in texts[Int(generator.next() % UInt64(texts.count))]
                    }
                    .joined()
                )
            }
            let ids = generator.next() % 2 == 0 ? [:] : [0: "line.1", 2: "line.3"]
            #expect(
                CodeHighlighter.lines(pieces, ids: ids).markup == ScalarPythonHighlighter.lines(pieces, ids: ids),
                "\(pieces)")
        }
    }

    /// The excerpt that reads only the lines it needs, against the one that split the whole text.
    @Test func excerptsAreThoseOfTheWholeTextSplit() {
        func reference(_ text: String) -> String {
            let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            return flat.count > 110 ? String(flat.prefix(110)) + "…" : flat
        }
        var generator = SplitMix(seed: 3)
        for text in Self.texts() {
            let long = String(repeating: text, count: Int(generator.next() % 40))
            #expect(SearchIndex.excerpt(long) == reference(long), "\(long.unicodeScalars.map(\.value))")
        }
    }
}

@Suite("The stable encoding of reports, for digests", .hangGuard)
struct StableEncodingTests {
    struct Sample: Codable {
        var name: String
        var count: Int
        var items: [String]
        var nested: [Sample]
        var maybe: Double?
        var label: String? = nil
        var flag: Bool? = nil
        var number: Int? = nil
        var inner: [String]? = nil
    }

    @Test func equalValuesEncodeAlikeAndEveryFieldCounts() {
        let a = Sample(name: "a", count: 1, items: ["x", "y"], nested: [], maybe: nil)
        #expect(StableEncoding.bytes(of: a) == StableEncoding.bytes(of: a))
        var variants = [a]
        variants.append(Sample(name: "b", count: 1, items: ["x", "y"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 2, items: ["x", "y"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["xy"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y", ""], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y"], nested: [a], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y"], nested: [], maybe: 0))
        // Each optional, present or not, and which one is present, counts.
        for (label, flag, number, inner) in [
            ("", nil, nil, nil), ("a", nil, nil, nil), (nil, true, nil, nil), (nil, false, nil, nil),
            (nil, nil, 0, nil), (nil, nil, 1, nil), (nil, nil, nil, []), (nil, nil, nil, [""]),
        ] as [(String?, Bool?, Int?, [String]?)] {
            variants.append(
                Sample(
                    name: "a", count: 1, items: ["x", "y"], nested: [], maybe: nil, label: label, flag: flag,
                    number: number, inner: inner))
        }
        #expect(Set(variants.map { StableEncoding.bytes(of: $0) }).count == variants.count)
    }
}

/// The Python highlighting that worked on `Unicode.Scalar` arrays and
/// `String` tokens, kept as it was (but for names, and the result of
/// ``lines(_:ids:)`` as a `String`) as the reference for the byte-level
/// one that replaced it.
enum ScalarPythonHighlighter {
    typealias Token = PythonLexer.Token
    typealias Kind = PythonLexer.Kind

    static func python(_ code: String, lineIDs: [Int: String] = [:]) -> String {
        lines(tokenize(code).map { (CodeHighlighter.cssClass($0.kind), $0.text) }, ids: lineIDs)
    }

    static func tokenize(_ source: String) -> [Token] {
        var lexer = Cursor(Array(source.unicodeScalars))
        var tokens: [Token] = []
        var previousWord = ""
        var atLineStart = true
        while !lexer.atEnd {
            let c = lexer.peek()!
            if c == "#" {
                tokens.append(Token(kind: .comment, text: lexer.take(while: { $0 != "\n" })))
            } else if c == "@", atLineStart {
                lexer.advance()
                tokens.append(Token(kind: .decorator, text: "@" + lexer.take(while: { isIdentifier($0) || $0 == "." })))
            } else if let string = lexer.string() {
                tokens += string
            } else if isDigit(c) || (c == "." && lexer.peek(1).map(isDigit) == true) {
                tokens.append(Token(kind: .number, text: lexer.number()))
            } else if isIdentifierStart(c) {
                let word = lexer.take(while: isIdentifier)
                let kind: Kind
                if PythonLexer.keywords.contains(word) {
                    kind = .keyword
                } else if previousWord == "def" {
                    kind = .function
                } else if previousWord == "class" {
                    kind = .type
                } else if PythonLexer.builtins.contains(word) {
                    kind = .builtin
                } else {
                    kind = .plain
                }
                tokens.append(Token(kind: kind, text: word))
                previousWord = word
                atLineStart = false
                continue
            } else {
                let scalar = lexer.next()!
                tokens.append(Token(kind: .plain, text: String(scalar)))
                if scalar == "\n" {
                    atLineStart = true
                    previousWord = ""
                } else if !isWhitespace(scalar) {
                    atLineStart = false
                    previousWord = ""
                }
                continue
            }
            atLineStart = false
            previousWord = ""
        }
        return merged(tokens)
    }

    static func merged(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        for token in tokens where !token.text.isEmpty {
            if let last = result.last, last.kind == token.kind, token.kind == .plain || token.kind == .string {
                result[result.count - 1].text += token.text
            } else {
                result.append(token)
            }
        }
        return result
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isXIDStart }
        return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isXIDContinue }
        return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isWhitespace }
        return c == " " || ("\t"..."\r").contains(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c)
    }

    struct Cursor {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        mutating func number() -> String {
            var text = String.UnicodeScalarView()
            let hex = peek() == "0" && (peek(1) == "x" || peek(1) == "X")
            while let c = peek() {
                let sign = (c == "+" || c == "-") && !hex && (text.last == "e" || text.last == "E")
                guard ScalarPythonHighlighter.isIdentifier(c) || c == "." || sign else { break }
                text.append(c)
                index += 1
            }
            return String(text)
        }
        mutating func next() -> Unicode.Scalar? {
            defer { index += 1 }
            return peek()
        }
        mutating func advance(_ count: Int = 1) { index = min(scalars.count, index + count) }

        mutating func take(while keep: (Unicode.Scalar) -> Bool) -> String {
            var text = String.UnicodeScalarView()
            while let c = peek(), keep(c) {
                text.append(c)
                index += 1
            }
            return String(text)
        }

        mutating func string() -> [Token]? {
            var prefixLength = 0
            while prefixLength < 2, let c = peek(prefixLength), "rRbBfFuU".unicodeScalars.contains(c) {
                prefixLength += 1
            }
            guard let quote = peek(prefixLength), quote == "'" || quote == "\"" else { return nil }
            let prefix = String(String.UnicodeScalarView(scalars[index..<index + prefixLength])).lowercased()
            guard prefixLength == 0 || Set(["r", "b", "f", "u", "rb", "br", "fr", "rf"]).contains(prefix) else {
                return nil
            }
            if prefixLength > 0, index > 0, ScalarPythonHighlighter.isIdentifier(scalars[index - 1]) { return nil }
            let formatted = prefix.contains("f")
            let triple = peek(prefixLength + 1) == quote && peek(prefixLength + 2) == quote
            let delimiter = triple ? 3 : 1
            var tokens = [
                Token(
                    kind: .string,
                    text: String(String.UnicodeScalarView(scalars[index..<index + prefixLength + delimiter])))
            ]
            advance(prefixLength + delimiter)
            var text = String.UnicodeScalarView()
            func flush() {
                if !text.isEmpty {
                    tokens.append(Token(kind: .string, text: String(text)))
                    text = .init()
                }
            }
            while let c = peek() {
                if c == "\\" {
                    text.append(c)
                    advance()
                    if let escaped = peek() {
                        text.append(escaped)
                        advance()
                    }
                    continue
                }
                if c == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                    for _ in 0..<delimiter { text.append(quote) }
                    advance(delimiter)
                    flush()
                    return tokens
                }
                if c == "\n", !triple {
                    flush()
                    return tokens
                }
                if formatted, c == "{" {
                    if peek(1) == "{" {
                        text.append("{")
                        text.append("{")
                        advance(2)
                        continue
                    }
                    flush()
                    tokens.append(field())
                    continue
                }
                text.append(c)
                advance()
            }
            flush()
            return tokens
        }

        mutating func field() -> Token {
            var text = String.UnicodeScalarView()
            var depth = 0
            while let c = peek(), c != "\n" {
                text.append(c)
                advance()
                if c == "{" { depth += 1 }
                if c == "}" {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            return Token(kind: .interpolation, text: String(text))
        }
    }

    static func lines(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String] = [:]) -> String {
        var out = ""
        var line = ""
        var index = 0
        var indent = 0
        var atStart = true
        var previous: UInt8 = 0
        func finishLine() {
            out += "<span class=\"line\""
            if let id = ids[index] { out += " id=\"\(HTML.escape(id))\"" }
            if indent > 0 { out += " style=\"--indent:\(indent)\"" }
            out += ">" + line + "</span>"
            line = ""
            index += 1
            indent = 0
            atStart = true
        }
        for (cssClass, text) in pieces {
            var segmentStart = text.utf8.startIndex
            var position = segmentStart
            func flushSegment(upTo end: String.Index) {
                let segment = String(text[segmentStart..<end])
                guard !segment.isEmpty else { return }
                if let cssClass {
                    line += "<span class=\"\(cssClass)\">" + HTML.escape(segment) + "</span>"
                } else {
                    line += HTML.escape(segment)
                }
            }
            while position != text.utf8.endIndex {
                let byte = text.utf8[position]
                if byte == 0x0A, previous != 0x0D {
                    flushSegment(upTo: position)
                    finishLine()
                    segmentStart = text.utf8.index(after: position)
                } else if atStart {
                    if byte == 0x20 {
                        indent += 1
                    } else if byte == 0x09 {
                        indent += 4
                    } else {
                        atStart = false
                    }
                }
                previous = byte
                position = text.utf8.index(after: position)
            }
            flushSegment(upTo: text.utf8.endIndex)
        }
        if !line.isEmpty || index == 0 { finishLine() }
        return out
    }
}
