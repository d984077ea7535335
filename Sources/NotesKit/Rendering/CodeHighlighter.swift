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

    static func python(_ code: String, lineIDs: [Int: String] = [:]) -> HTML {
        lines(PythonLexer.tokenize(code).map { (cssClass($0.kind), $0.text) }, ids: lineIDs)
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
    ///
    /// One pass over the pieces' UTF-8, appending to one buffer: a page of
    /// thousands of lines costs no more than its length.
    static func lines(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String] = [:]) -> HTML {
        var out = ""
        var line = ""  // the current line's markup
        var index = 0
        var indent = 0
        var atStart = true  // still in the line's leading spaces and tabs
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
                // A line ends at LF, but not at the LF of a CRLF: that is one
                // Character, and the line goes on.
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
        // The last line, unless it is the empty one after a final line ending.
        if !line.isEmpty || index == 0 { finishLine() }
        return HTML.trusted(out)
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
