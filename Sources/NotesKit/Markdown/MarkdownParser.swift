import CCmark

#if canImport(Glibc)
    import Glibc
#endif

/// Parses CommonMark with cmark into ``Document`` values.
///
/// This is the only file that sees cmark. The C tree lives for the duration
/// of ``parse(_:path:)``: every literal is copied into Swift values and the
/// tree is freed before the function returns.
///
/// Any input is accepted. cmark handles CRLF, tabs, `~~~` fences, fences in
/// lists and unclosed fences by the CommonMark rules. Raw HTML is never
/// passed through: it is turned into text, so `<script>` shows as text.
enum MarkdownParser {
    static func parse(_ text: String, path: String, links: LinkPolicy = LinkPolicy()) -> Document {
        var source = text
        if source.hasPrefix("\u{FEFF}") { source.removeFirst() }
        var utf8 = Array(source.utf8)
        let starts = utf8.withUnsafeBufferPointer(LineBreaks.starts(of:))
        utf8.append(0)
        let lines = NoteBytes(bytes: utf8, starts: starts)
        guard
            let root = utf8.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count - 1, CMARK_OPT_DEFAULT)
                }
            })
        else {
            return Document(path: path, text: source, blocks: [])
        }
        defer { cmark_node_free(root) }

        var problems: [Diagnostic] = []
        let images = rewriteLinksAndImages(root, links, path: path, problems: &problems)
        var blocks: [Document.Block] = []
        var slugger = Slugger()
        var child = cmark_node_first_child(root)
        while let node = child {
            child = cmark_node_next(node)
            let kind = cmark_node_get_type(node)
            if kind == CMARK_NODE_HEADING {
                let title = plainText(node).trimmingWhitespace()
                blocks.append(
                    .heading(
                        Heading(
                            level: Int(cmark_node_get_heading_level(node)),
                            text: title,
                            anchor: slugger.slug(title),
                            line: Int(cmark_node_get_start_line(node)))))
            } else if kind == CMARK_NODE_CODE_BLOCK {
                blocks.append(.code(codeBlock(node, lines: lines, nested: false)))
            } else {
                let line = Int(cmark_node_get_start_line(node))
                let nested = descendants(of: node, ofType: CMARK_NODE_CODE_BLOCK)
                    .map { codeBlock($0, lines: lines, nested: true) }
                let safe = replacingRawHTML(node)
                blocks.append(
                    .prose(
                        Prose(
                            html: render(safe),
                            text: plainText(safe).trimmingWhitespace(),
                            line: line)))
                blocks += nested.map(Document.Block.code)
            }
        }
        var document = Document(path: path, text: source, blocks: blocks)
        document.images = images
        document.diagnostics = problems
        return document
    }

    // MARK: - Links and images

    /// Points links and images where the site keeps them; images the site
    /// cannot show become their alt text in brackets.
    private static func rewriteLinksAndImages(
        _ root: OpaquePointer, _ policy: LinkPolicy, path: String, problems: inout [Diagnostic]
    ) -> [ImageFile] {
        var links: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        walk(root) { node, entering in
            guard entering else { return }
            let kind = cmark_node_get_type(node)
            if kind == CMARK_NODE_LINK { links.append(node) }
            if kind == CMARK_NODE_IMAGE { images.append(node) }
        }
        var kept: [ImageFile] = []
        for link in links {
            let target = policy.link(string(cmark_node_get_url(link)))
            switch target {
            case .url(let url):
                cmark_node_set_url(link, url)
            case .file(let file):
                cmark_node_set_url(link, file.sitePath)
                if !kept.contains(file) { kept.append(file) }
            case .none, .refused:
                if case .refused(let reason) = target {
                    problems.append(refusal(reason, node: link, path: path))
                }
                // Keep the link's text in its place, without the link. Links
                // do not nest, so freeing this one frees no other listed node.
                while let child = cmark_node_first_child(link) { cmark_node_insert_before(link, child) }
                cmark_node_unlink(link)
                cmark_node_free(link)
            }
        }
        // Every image is judged, in the order of the note, while all of them
        // are alive; then the ones shown as text are replaced innermost first.
        // An image's description may hold another image (`![a ![b](x)](y)`),
        // and freeing the outer one frees the inner one with it: the walk
        // lists an ancestor before its descendants, so the reverse order
        // replaces the inner one first, and the outer one's text includes it.
        var shownAsText: [OpaquePointer] = []
        for image in images {
            let target = policy.image(string(cmark_node_get_url(image)))
            if case .file(let file) = target {
                cmark_node_set_url(image, file.sitePath)
                if !kept.contains(file) { kept.append(file) }
                continue
            }
            // Anything else shows the alt text: the site loads nothing from
            // elsewhere, not even an image a policy would give a URL.
            if case .refused(let reason) = target { problems.append(refusal(reason, node: image, path: path)) }
            shownAsText.append(image)
        }
        for image in shownAsText.reversed() {
            if let text = textNode("[图片：\(plainText(image).trimmingWhitespace())]"),
                cmark_node_replace(image, text) == 1
            {
                cmark_node_free(image)
            }
        }
        return kept
    }

    /// A warning at the line of a link or image the site will not copy.
    private static func refusal(_ reason: String, node: OpaquePointer, path: String) -> Diagnostic {
        let location = SourceLocation(
            path: path, line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        return Diagnostic(.warning, reason, at: location)
    }

    // MARK: - Nodes to values

    private static func codeBlock(_ node: OpaquePointer, lines: NoteBytes, nested: Bool) -> CodeBlock {
        let info = string(cmark_node_get_fence_info(node)).trimmingWhitespace()
        let language = CodeBlock.language(of: info)
        let line = Int(cmark_node_get_start_line(node))
        let column = Int(cmark_node_get_start_column(node))
        let opening = lines.line(line).dropFirst(max(0, column - 1))
        let fenced = opening.starts(with: "```".utf8) || opening.starts(with: "~~~".utf8)
        return CodeBlock(
            info: info,
            language: language,
            code: string(cmark_node_get_literal(node)),
            line: line,
            endLine: max(line, Int(cmark_node_get_end_line(node))),
            fenced: fenced,
            nested: nested)
    }

    private static func descendants(of node: OpaquePointer, ofType type: cmark_node_type) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        walk(node) { current, entering in
            if entering, current != node, cmark_node_get_type(current) == type { found.append(current) }
        }
        return found
    }

    /// The text of a node with its markup removed; breaks become newlines.
    private static func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        walk(node) { current, entering in
            let kind = cmark_node_get_type(current)
            if entering {
                if kind == CMARK_NODE_TEXT || kind == CMARK_NODE_CODE {
                    text += string(cmark_node_get_literal(current))
                } else if kind == CMARK_NODE_SOFTBREAK || kind == CMARK_NODE_LINEBREAK {
                    text += "\n"
                }
            } else if kind == CMARK_NODE_PARAGRAPH || kind == CMARK_NODE_HEADING || kind == CMARK_NODE_ITEM {
                text += "\n"
            }
        }
        return text
    }

    private static func render(_ node: OpaquePointer) -> String {
        guard let html = cmark_render_html(node, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    // MARK: - Raw HTML

    /// Replaces raw HTML under `node` (and `node` itself) with text nodes.
    /// - Returns: The node now standing where `node` stood.
    private static func replacingRawHTML(_ node: OpaquePointer) -> OpaquePointer {
        var raw: [OpaquePointer] = []
        walk(node) { current, entering in
            let kind = cmark_node_get_type(current)
            if entering, kind == CMARK_NODE_HTML_BLOCK || kind == CMARK_NODE_HTML_INLINE { raw.append(current) }
        }
        var result = node
        for old in raw {
            let literal = string(cmark_node_get_literal(old))
            let replacement: OpaquePointer?
            if cmark_node_get_type(old) == CMARK_NODE_HTML_INLINE {
                replacement = textNode(literal)
            } else {
                replacement = cmark_node_new(CMARK_NODE_PARAGRAPH)
                let rows = literal.trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false)
                for (index, row) in rows.enumerated() {
                    if index > 0 { cmark_node_append_child(replacement, cmark_node_new(CMARK_NODE_LINEBREAK)) }
                    cmark_node_append_child(replacement, textNode(String(row)))
                }
            }
            guard let replacement, cmark_node_replace(old, replacement) == 1 else { continue }
            if old == result { result = replacement }
            cmark_node_free(old)
        }
        return result
    }

    private static func textNode(_ literal: String) -> OpaquePointer? {
        let node = cmark_node_new(CMARK_NODE_TEXT)
        cmark_node_set_literal(node, literal)
        return node
    }

    // MARK: - Helpers

    /// Calls `visit` for every node under `root`, root included, on entry
    /// and (for containers) on exit.
    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let current = cmark_iter_get_node(iterator) else { continue }
            visit(current, event == CMARK_EVENT_ENTER)
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// The lines of a source text, for looking at a fence by line number.
struct SourceLines {
    private let lines: [Substring]

    init(_ text: String) {
        lines = Self.split(text)
    }

    /// `text` cut at LF, CR or CRLF, as cmark ends its lines (and as
    /// splitting on those Characters would: a line ending is always a
    /// grapheme of its own), by a scan of the UTF-8 bytes.
    static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var contiguous = text
        contiguous.withUTF8 { bytes in
            let utf8 = text.utf8
            LineBreaks.forEachLine(of: bytes) { line in
                // A native string's UTF-8 index moves by an offset in one step.
                let start = utf8.index(utf8.startIndex, offsetBy: line.startIndex)
                lines.append(text[start..<utf8.index(start, offsetBy: line.count)])
            }
        }
        return lines
    }

    var count: Int { lines.count }

    /// The 1-based line `number`, without its line ending; empty if out of range.
    func line(_ number: Int) -> Substring {
        guard number >= 1, number <= lines.count else { return "" }
        return lines[number - 1]
    }
}

/// A note's bytes and where its lines begin, for looking at a fence by line number.
private struct NoteBytes {
    let bytes: [UInt8]
    let starts: [Int]

    /// The 1-based line `number` with its line ending; empty if out of range.
    func line(_ number: Int) -> ArraySlice<UInt8> {
        guard number >= 1, number <= starts.count else { return [] }
        return bytes[starts[number - 1]..<(number < starts.count ? starts[number] : bytes.count)]
    }
}

/// Lines of UTF-8 bytes, ended by LF, CR or CRLF as cmark ends them.
enum LineBreaks {
    /// Calls `body` with each line of `bytes`, without its ending; the
    /// text after the last ending is a line too, even when empty.
    static func forEachLine(
        of bytes: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> Void
    ) {
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            body(bytes[start..<index])
            index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            start = index
        }
        body(bytes[start..<bytes.count])
    }

    /// The byte offset where each line of `bytes` begins.
    static func starts(of bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts: [Int] = []
        forEachLine(of: bytes) { starts.append($0.startIndex) }
        return starts
    }
}

extension StringProtocol {
    /// The text without the whitespace (by Unicode's property) at its ends.
    func trimmingWhitespace() -> String {
        String(self).trimmingWhitespace()
    }
}

extension String {
    /// The text without the whitespace (by Unicode's property) at its
    /// ends: the text itself when there is none, else its middle copied
    /// whole, not scalar by scalar.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespaceByValue }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhitespaceByValue })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, from the scalar's value: the
    /// property's table is looked up for every scalar of every heading
    /// otherwise. A test checks it against the property for every scalar.
    var isWhitespaceByValue: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
