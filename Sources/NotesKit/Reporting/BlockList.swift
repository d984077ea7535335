import Foundation

/// The `notes list` report: every block, where it is and what implements it.
public enum BlockList {
    public static func render(_ binding: Binding, json: Bool) -> String {
        json ? renderJSON(binding) : renderText(binding)
    }

    private static func state(_ block: BoundBlock) -> String {
        if !block.staleExamples.isEmpty { return "stale" }
        if !block.examples.isEmpty { return "mapped" }
        return block.waiver == nil ? "unmapped" : "waived"
    }

    private static func renderText(_ binding: Binding) -> String {
        let rows = binding.blocks.map { block -> [String] in
            let examples = block.examples.map(\.id).joined(separator: ", ")
            let what = examples.isEmpty ? (block.waiver.map { "waived: \($0.reason)" } ?? "unmapped") : examples
            let stale = block.staleExamples.isEmpty ? "" : " (stale)"
            return ["\(block.path):\(block.block.line)", block.block.language.isEmpty ? "-" : block.block.language,
                    "\(block.block.lineCount) lines", what + stale]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[3]
        }
        lines += binding.diagnostics.map(\.description)
        return lines.joined(separator: "\n") + "\n"
    }

    struct Entry: Encodable {
        var file: String, line: Int, endLine: Int, language: String, lines: Int
        var section: String?, anchor: String?, fingerprint: String
        var example: String?, examples: [String], status: String, waiver: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(endLine, forKey: .endLine)
            try c.encode(language, forKey: .language)
            try c.encode(lines, forKey: .lines)
            try c.encode(section, forKey: .section)
            try c.encode(anchor, forKey: .anchor)
            try c.encode(fingerprint, forKey: .fingerprint)
            try c.encode(example, forKey: .example)
            try c.encode(examples, forKey: .examples)
            try c.encode(status, forKey: .status)
            try c.encode(waiver, forKey: .waiver)
        }

        enum CodingKeys: String, CodingKey {
            case file, line, endLine, language, lines, section, anchor, fingerprint, example, examples, status, waiver
        }
    }

    private static func renderJSON(_ binding: Binding) -> String {
        let entries = binding.blocks.map { block in
            Entry(file: block.path, line: block.block.line, endLine: block.block.endLine,
                  language: block.block.language, lines: block.block.lineCount,
                  section: block.section?.text, anchor: block.section?.anchor, fingerprint: block.fingerprint,
                  example: block.examples.first?.id, examples: block.examples.map(\.id),
                  status: state(block), waiver: block.waiver?.reason)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
