import Foundation

/// A port's source file, split into its header fields and its code.
///
/// A port begins with a comment header of `// Key: text` fields
/// (`代码块`, `概念`, `笔记`, `Swift 6`; or, in older ports, `Block`,
/// `Concept`, `Notes`), continued on lines indented under the text. A key
/// may end with `:` or `：`; Chinese characters count two columns, as in
/// an editor, when lines are indented under the text. The site shows the
/// fields as prose beside the code, and the code without the header, so
/// nothing is said twice.
struct PortSource: Sendable, Equatable {
    struct Field: Sendable, Equatable {
        var key: String
        /// Prose lines joined into paragraphs; lines indented deeper than
        /// the field's text (quoted code, a compiler message) kept apart.
        var paragraphs: [Paragraph]

        var text: String {
            paragraphs.map {
                switch $0 {
                case .prose(let text), .code(let text): text
                }
            }.joined(separator: "\n")
        }
    }

    enum Paragraph: Sendable, Equatable {
        case prose(String)
        case code(String)
    }

    var fields: [Field]
    var code: String

    /// The keys of a header written in Chinese.
    static let chineseKeys: Set<String> = ["代码块", "概念", "笔记"]

    func field(_ key: String) -> String? {
        fields.first { $0.key == key }?.text
    }

    /// Reads and splits the file at `path`; nil if it cannot be read.
    static func load(_ path: String) -> PortSource? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }

    static func parse(_ source: String) -> PortSource {
        var lines = source.components(separatedBy: "\n")[...]
        var fields: [Field] = []
        var textColumn = 0
        while let line = lines.first, line.hasPrefix("//") {
            lines = lines.dropFirst()
            let content = Array(line.dropFirst(2))
            let indent = content.prefix { $0 == " " }.count
            let rest = String(content.dropFirst(indent))
            if indent == 1, let colon = rest.firstIndex(where: { $0 == ":" || $0 == "：" }),
                rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " }), !rest[..<colon].isEmpty
            {
                let afterColon = rest[rest.index(after: colon)...]
                let spaces = afterColon.prefix { $0 == " " }.count
                textColumn = indent + columns(rest[...colon]) + spaces
                let text = String(afterColon.dropFirst(spaces))
                fields.append(Field(key: String(rest[..<colon]), paragraphs: text.isEmpty ? [] : [.prose(text)]))
            } else if !fields.isEmpty {
                let deeper = indent > textColumn
                append(
                    deeper ? String(content.dropFirst(textColumn)) : rest, deeper: deeper, to: &fields[fields.count - 1]
                )
            }
        }
        for index in fields.indices {
            fields[index].paragraphs = fields[index].paragraphs.map { paragraph in
                guard case .code(let text) = paragraph else { return paragraph }
                return .code(dedented(text))
            }
        }
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines = lines.dropFirst() }
        return PortSource(fields: fields, code: lines.joined(separator: "\n"))
    }

    /// How many columns `text` takes in a monospaced editor: two for a
    /// Chinese, Japanese or Korean character or a full-width form, one otherwise.
    static func columns(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            count + (SearchIndex.isCJK(scalar) || (0xFF01...0xFF60).contains(scalar.value) ? 2 : 1)
        }
    }

    /// `text` with the indentation all its lines share removed.
    private static func dedented(_ text: String) -> String {
        let lines = text.components(separatedBy: "\n")
        let common = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { String($0.dropFirst(common)) }.joined(separator: "\n")
    }

    private static func append(_ text: String, deeper: Bool, to field: inout Field) {
        guard !text.isEmpty else {
            field.paragraphs.append(.prose(""))
            return
        }
        if deeper {
            if case .code(let previous)? = field.paragraphs.last {
                field.paragraphs[field.paragraphs.count - 1] = .code(previous + "\n" + text)
            } else {
                field.paragraphs.append(.code(text))
            }
        } else if case .prose(let previous)? = field.paragraphs.last, !previous.isEmpty {
            field.paragraphs[field.paragraphs.count - 1] = .prose(previous + joiner(previous, text) + text)
        } else {
            field.paragraphs.append(.prose(text))
        }
    }
}

/// Prose with `code` spans in backticks and `**strong**` text, as HTML.
enum InlineCode {
    static func html(_ text: String) -> HTML {
        text.components(separatedBy: "`").enumerated().map { index, part in
            index % 2 == 1 ? HTML.element("code", text: part) : strong(part)
        }.joined()
    }

    /// `**text**` as `<strong>`, only where the stars pair up.
    private static func strong(_ text: String) -> HTML {
        let parts = text.components(separatedBy: "**")
        guard parts.count >= 3 else { return HTML(escaping: text) }
        var html = HTML.empty
        for (index, part) in parts.enumerated() {
            let paired = index % 2 == 1 && index < parts.count - 1
            if paired {
                html += .element("strong", text: part)
            } else {
                html += HTML(escaping: (index % 2 == 1 ? "**" : "") + part)
            }
        }
        return html
    }
}

extension PortSource {
    /// What joins two wrapped lines of prose: a space between words, and
    /// nothing where either side is Chinese, which is written without spaces.
    static func joiner(_ before: String, _ after: String) -> String {
        guard let last = before.unicodeScalars.last, let first = after.unicodeScalars.first else { return " " }
        return isWide(last) || isWide(first) ? "" : " "
    }

    /// CJK characters and full-width punctuation.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
