import Foundation

/// One Markdown file of the notes, as plain Swift values.
///
/// Produced by ``MarkdownParser``; no pointer into cmark's tree survives.
struct Document: Sendable, Hashable {
    /// The path as it appears in diagnostics, e.g. `notes/01-communication.md`.
    var path: String
    /// The path inside the notes folder, with `/` between folders, e.g.
    /// `01-communication.md`: what a ``BlockLocator`` names. For text
    /// parsed in memory, the path as given.
    var notePath: String
    /// The file's text, with a leading byte-order mark removed.
    var text: String
    /// The document's top-level content, in order. Code blocks nested in
    /// lists or quotes follow the container that holds them.
    var blocks: [Block]
    /// The site page this note becomes, e.g. `01-communication.html`.
    var pageName: String = ""
    /// Local images the note shows, to be copied into the site.
    var images: [ImageFile] = []
    /// Problems found while parsing: a link or image the site must not copy.
    var diagnostics: [Diagnostic] = []
    /// The SHA-256 of the file's bytes, taken when it was read (nil for text
    /// parsed in memory): it names the parse in the cache, and stands for
    /// the text in the digests of the note's page.
    var sourceDigest: String?

    enum Block: Sendable, Hashable {
        case heading(Heading)
        case prose(Prose)
        case code(CodeBlock)
    }

    /// The text of the first heading, whatever its level (notes often
    /// start at `##`), if any.
    var title: String? {
        for block in blocks { if case .heading(let heading) = block { return heading.text } }
        return nil
    }

    /// The title, or the page's name without `.html` when the note has no heading at all.
    var displayTitle: String {
        title ?? (pageName.hasSuffix(".html") ? String(pageName.dropLast(5)) : pageName)
    }

    var headings: [Heading] {
        blocks.compactMap { if case .heading(let h) = $0 { h } else { nil } }
    }

    var codeBlocks: [CodeBlock] {
        blocks.compactMap { if case .code(let c) = $0 { c } else { nil } }
    }
}

extension Document {
    /// A note parsed from `text`; its ``notePath`` is the file's name
    /// until the notes folder says where in it the note is.
    init(path: String, text: String, blocks: [Block]) {
        self.init(path: path, notePath: (path as NSString).lastPathComponent, text: text, blocks: blocks)
    }
}

struct Heading: Sendable, Hashable {
    var level: Int
    /// The heading's plain text (inline markup removed).
    var text: String
    /// A fragment identifier, unique within the document, that keeps Chinese.
    var anchor: String
    var line: Int
}

/// A run of non-code, non-heading content, rendered to HTML by cmark.
struct Prose: Sendable, Hashable {
    /// Safe HTML: raw HTML in the source is shown as text, never passed through.
    var html: String
    /// The plain text, for claims and search.
    var text: String
    var line: Int
}

struct CodeBlock: Sendable, Hashable {
    /// The full info string after the opening fence (empty for none).
    var info: String
    /// The first word of the info string, lower-cased (empty for none):
    /// `rust` of `rust,ignore,does_not_compile`.
    var language: String
    /// The code, exactly as cmark reports it.
    var code: String
    /// The line of the opening fence (or the first line of an indented block).
    var line: Int
    /// The line of the closing fence, or the last line of the block.
    var endLine: Int
    /// Whether the block is fenced (```` ``` ```` or `~~~`) rather than indented.
    var fenced: Bool
    /// Whether the block sits inside a list or block quote.
    var nested: Bool

    /// The info string's other words: `ignore` and `does_not_compile` of
    /// `rust,ignore,does_not_compile`, `.numberLines` of `python {.numberLines}`.
    var attributes: [String] {
        // Most info strings are one word: nothing to split.
        info.utf8.contains(where: Self.isSeparator) ? Array(Self.words(of: info).dropFirst()) : []
    }

    /// The first word of an info string, lower-cased (empty for none): the
    /// block's language. An ASCII info string, nearly every one, is read by
    /// its bytes; any other is split by Characters, as ``words(of:)`` does.
    static func language(of info: String) -> String {
        var info = info
        let ascii = info.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard let start = bytes.firstIndex(where: { !isSeparator($0) }) else { return "" }
            let end = bytes[start...].firstIndex(where: isSeparator) ?? bytes.endIndex
            return String(
                decoding: bytes[start..<end].map { $0 | ((0x41...0x5A).contains($0) ? 0x20 : 0) }, as: UTF8.self)
        }
        return ascii ?? words(of: info).first?.lowercased() ?? ""
    }

    /// The words of an info string, split at spaces, tabs, commas and braces.
    static func words(of info: String) -> [String] {
        info.split(whereSeparator: { $0.isASCII && isSeparator($0.asciiValue!) }).map(String.init)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    /// The number of lines of code.
    /// The lines of the code: its `\n` Characters (a CRLF is one Character,
    /// not counted), plus one for a last line without one.
    var lineCount: Int {
        var code = code
        return code.withUTF8 { bytes in
            guard let last = bytes.last else { return 0 }
            var count = 1
            // Nearly all code has no CR: its LFs are counted without
            // looking back a byte, in a loop the compiler vectorizes.
            if memchr(bytes.baseAddress!, 0x0D, bytes.count) == nil {
                for byte in bytes { count &+= byte == 0x0A ? 1 : 0 }
            } else {
                var previous: UInt8 = 0
                for byte in bytes {
                    if byte == 0x0A, previous != 0x0D { count += 1 }
                    previous = byte
                }
            }
            // A last `\n` ends the last line; a CRLF was not counted.
            let endsInLF = last == 0x0A && (bytes.count < 2 || bytes[bytes.count - 2] != 0x0D)
            return count - (endsInLF ? 1 : 0)
        }
    }
}

/// A local file a note shows or links to, and where the site keeps its copy.
struct ImageFile: Sendable, Hashable {
    /// The file on disk.
    var source: String
    /// Its path inside the site, e.g. `media/3f9a0c1b-diagram.png`.
    var sitePath: String
}

/// How the parser treats links and images, which depend on where the note
/// lives and what else is in the notes folder.
struct LinkPolicy {
    /// Where a link goes in the site.
    enum Target: Sendable, Equatable {
        /// To this URL (`other.md#x` becomes `other.html#x`; web links stay).
        case url(String)
        /// To a local file the site keeps a copy of.
        case file(ImageFile)
        /// Nowhere the site can reach: the link's text stays, as text.
        case none
        /// Nowhere, and the user should hear why (a file outside the notes
        /// folder): the text stays, and the reason becomes a warning.
        case refused(String)
    }

    var link: (String) -> Target = { .url($0) }
    /// Where an image's URL goes: a copied file, or `.none` to show the
    /// image's alt text instead (remote images, missing files; the site
    /// never loads anything from the network), or `.refused`.
    var image: (String) -> Target = { _ in .none }
}
