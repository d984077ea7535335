import ExampleKit
import Foundation

/// The `notes list` report: every block, where it is and what implements it.
public enum BlockList {
    public static func render(_ binding: Binding, json: Bool) -> String {
        json ? renderJSON(binding) : TerminalText.safe(renderText(binding))
    }

    private static func renderText(_ binding: Binding) -> String {
        let rows = binding.blocks.map { block -> [String] in
            let examples = block.examples.map(\.id).joined(separator: ", ")
            let what =
                switch block.state {
                case .mapped: examples
                case .stale: examples + " (stale)"
                case .unmapped: "unmapped"
                case .waived: "waived: \(block.waiver?.reason ?? "")"
                }
            return [
                "\(block.path):\(block.block.line)", block.block.language.isEmpty ? "-" : block.block.language,
                "\(block.block.lineCount) lines", what,
            ]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[3]
        }
        lines += binding.diagnostics.map(\.description)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One block in `notes list --format json`; the same names as the
    /// blocks of `notes check --format json`.
    struct Entry: Encodable {
        var file: String
        var line: Int
        var endLine: Int
        var language: String
        var lines: Int
        @NullWhenNil var section: String?
        @NullWhenNil var anchor: String?
        var fingerprint: String
        @NullWhenNil var example: String?
        var examples: [String]
        var status: BindingState
        @NullWhenNil var waiver: String?
    }

    private static func renderJSON(_ binding: Binding) -> String {
        let entries = binding.blocks.map { block in
            Entry(
                file: block.path, line: block.block.line, endLine: block.block.endLine,
                language: block.block.language, lines: block.block.lineCount,
                section: block.section?.text, anchor: block.section?.anchor, fingerprint: block.fingerprint,
                example: block.examples.first?.id, examples: block.examples.map(\.id),
                status: block.state, waiver: block.waiver?.reason)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
