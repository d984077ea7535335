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
    static func lines(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String] = [:]) -> HTML {
        var lines: [HTML] = [.empty]
        for (cssClass, text) in pieces {
            let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { lines.append(.empty) }
                lines[lines.count - 1] += span(cssClass, String(part))
            }
        }
        if lines.count > 1, lines.last == .empty { lines.removeLast() }
        let starts = pieces.map(\.text).joined().split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            // The line's own indentation, so that a wrapped line continues under its code.
            let indent =
                index < starts.count
                ? starts[index].prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) } : 0
            return HTML.element(
                "span", ["class": "line", "id": ids[index], "style": indent > 0 ? "--indent:\(indent)" : nil], line)
        }.joined()
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
