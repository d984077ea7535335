import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Highlights code at build time into spans with CSS classes, so that
/// reading the site needs no JavaScript.
///
/// Classes: `kw` keyword, `bi` builtin, `ty` type, `st` string, `ip`
/// string interpolation, `cm` comment, `nu` number, `at` decorator or
/// attribute, `fn` a name being defined. Everything is escaped; languages
/// other than Python and Swift come out as plain escaped text.
enum CodeHighlighter {
    /// - Parameter lineIDs: Ids for some lines, by 0-based line index, so
    ///   that an erratum can link to the line it concerns.
    static func html(_ code: String, language: String, lineIDs: [Int: String] = [:]) -> HTML {
        switch language.lowercased() {
        case "python", "py", "python3", "py3": python(code, lineIDs: lineIDs)
        case "swift": swift(code)
        default: lines([(nil, code)], ids: lineIDs)
        }
    }

    /// Python, lexed and written straight from the UTF-8 bytes of `code`
    /// into the page's bytes: no `String` per token, line or piece.
    static func python(_ code: String, lineIDs: [Int: String] = [:]) -> HTML {
        var code = code
        return code.withUTF8 { source in
            // Highlighted Python is three to four times as long as its code.
            var writer = LineWriter(ids: lineIDs, capacity: 4 * source.count + 64)
            for span in PythonLexer.spans(in: source) {
                writer.append(UnsafeBufferPointer(rebasing: source[span.range]), cssClass: cssClass(span.kind))
            }
            return writer.finish()
        }
    }

    static func swift(_ code: String) -> HTML {
        // swift-syntax 603 looks ahead through nested `[` in time that
        // doubles with each level (22 levels took 24 s, 26 took 6 minutes;
        // found by the fuzzer). Code nested that deep is shown plain.
        guard bracketCost(code) <= 1 << 16 else { return lines([(nil, code)], ids: [:]) }
        let tree = Parser.parse(source: code)
        let bytes = Array(code.utf8)
        var pieces: [(String?, String)] = []
        var position = 0
        for classified in tree.classifications {
            let start = classified.range.lowerBound.utf8Offset
            let end = classified.range.upperBound.utf8Offset
            guard start >= position, end <= bytes.count else { continue }
            if start > position { pieces.append((nil, text(bytes[position..<start]))) }
            pieces.append((cssClass(classified.kind), text(bytes[start..<end])))
            position = end
        }
        if position < bytes.count { pieces.append((nil, text(bytes[position...]))) }
        return lines(pieces)
    }

    /// Roughly what swift-syntax's lookahead will cost on `code`: each `[`
    /// weighs 2 to the power of how deeply it is nested. Ordinary code
    /// stays in the hundreds.
    static func bracketCost(_ code: String) -> Int {
        var depth = 0
        var cost = 0
        for byte in code.utf8 {
            if byte == UInt8(ascii: "[") {
                depth += 1
                cost += 1 << min(depth, 40)
                if cost > 1 << 40 { return cost }
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            }
        }
        return cost
    }

    static func plain(_ code: String) -> HTML {
        lines([(nil, code)])
    }

    /// Classed pieces of code as one `<span class="line">` per line, so a
    /// long line can wrap with a hanging indent instead of scrolling out of
    /// sight. A final line ending does not make an empty last line.
    static func lines(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String] = [:]) -> HTML {
        let length = pieces.reduce(0) { $0 + $1.text.utf8.count }
        var writer = LineWriter(ids: ids, capacity: 2 * length + 64)
        for (cssClass, text) in pieces {
            var text = text
            text.withUTF8 { writer.append($0, cssClass: cssClass) }
        }
        return writer.finish()
    }

    /// Writes classed pieces of code, given as UTF-8 bytes, as lines of
    /// markup (see ``lines(_:ids:)``) into one byte buffer, and makes the
    /// HTML of it once at the end: one pass over the pieces, so a page of
    /// thousands of lines costs no more than its length.
    ///
    /// A line ends at LF, but not at the LF of a CRLF: that is one
    /// Character, and the line goes on, also when the CR ends one piece and
    /// the LF starts the next. A line's `--indent` counts its leading
    /// spaces as 1 and tabs as 4, whichever pieces they are in.
    struct LineWriter {
        /// The finished lines.
        private var out: [UInt8] = []
        /// The current line's markup, written out when the line's indent is known.
        private var line: [UInt8] = []
        private let ids: [Int: String]
        /// The current line's 0-based index.
        private var index = 0
        private var indent = 0
        /// Whether the current line has had nothing but spaces and tabs yet.
        private var atStart = true
        /// The last byte appended, so that a CRLF split over two pieces is still seen.
        private var previous: UInt8 = 0

        /// - Parameters:
        ///   - ids: Ids for some lines, by 0-based line index.
        ///   - capacity: The bytes of markup expected, so that the buffer seldom grows.
        init(ids: [Int: String], capacity: Int) {
            self.ids = ids
            out.reserveCapacity(capacity)
            line.reserveCapacity(256)
        }

        /// Appends a piece of code, in a `<span>` of `cssClass` unless that is nil.
        mutating func append(_ text: UnsafeBufferPointer<UInt8>, cssClass: String?) {
            var segmentStart = 0
            for (position, byte) in text.enumerated() {
                if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                    appendSegment(text[segmentStart..<position], cssClass: cssClass)
                    finishLine()
                    segmentStart = position + 1
                } else if atStart {
                    if byte == UInt8(ascii: " ") {
                        indent += 1
                    } else if byte == UInt8(ascii: "\t") {
                        indent += 4
                    } else {
                        atStart = false
                    }
                }
                previous = byte
            }
            appendSegment(text[segmentStart...], cssClass: cssClass)
        }

        /// The markup of all the lines: the last one too, unless it is the
        /// empty one after a final line ending.
        consuming func finish() -> HTML {
            if !line.isEmpty || index == 0 { finishLine() }
            return HTML.trusted(bytes: out)
        }

        /// Part of a piece within one line, escaped; nothing if it is empty.
        private mutating func appendSegment(_ segment: Slice<UnsafeBufferPointer<UInt8>>, cssClass: String?) {
            guard !segment.isEmpty else { return }
            if let cssClass {
                Self.raw("<span class=\"", to: &line)
                line.append(contentsOf: cssClass.utf8)
                Self.raw("\">", to: &line)
                MarkupText.append(escaping: segment, to: &line)
                Self.raw("</span>", to: &line)
            } else {
                MarkupText.append(escaping: segment, to: &line)
            }
        }

        private mutating func finishLine() {
            Self.raw("<span class=\"line\"", to: &out)
            if !ids.isEmpty, let id = ids[index] {
                Self.raw(" id=\"", to: &out)
                out.append(contentsOf: HTML.escape(id).utf8)
                Self.raw("\"", to: &out)
            }
            if indent > 0 {
                Self.raw(" style=\"--indent:", to: &out)
                out.append(contentsOf: String(indent).utf8)
                Self.raw("\"", to: &out)
            }
            Self.raw(">", to: &out)
            out.append(contentsOf: line)
            Self.raw("</span>", to: &out)
            line.removeAll(keepingCapacity: true)
            index += 1
            indent = 0
            atStart = true
        }

        private static func raw(_ text: StaticString, to buffer: inout [UInt8]) {
            text.withUTF8Buffer { buffer.append(contentsOf: $0) }
        }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func span(_ cssClass: String?, _ text: String) -> HTML {
        guard let cssClass, !text.isEmpty else { return HTML(escaping: text) }
        return .element("span", ["class": cssClass], text: text)
    }

    static func cssClass(_ kind: PythonLexer.Kind) -> String? {
        switch kind {
        case .plain: nil
        case .keyword: "kw"
        case .builtin: "bi"
        case .type: "ty"
        case .string: "st"
        case .interpolation: "ip"
        case .comment: "cm"
        case .number: "nu"
        case .decorator: "at"
        case .function: "fn"
        }
    }

    static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword, .ifConfigDirective: "kw"
        case .type: "ty"
        case .stringLiteral, .regexLiteral: "st"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: "cm"
        case .integerLiteral, .floatLiteral: "nu"
        case .attribute: "at"
        case .none, .identifier, .dollarIdentifier, .operator, .argumentLabel, .editorPlaceholder: nil
        @unknown default: nil
        }
    }
}
