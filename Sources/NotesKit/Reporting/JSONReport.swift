import Foundation

/// The machine-readable report: one entry per block.
enum JSONReport {
    struct Root: Encodable {
        var summary: Summary
        var blocks: [Block]
        var diagnostics: [String]
    }

    struct Summary: Encodable {
        var blocks: Int, passed: Int, failed: Int, waived: Int, errors: Int
    }

    struct Block: Encodable {
        var file: String
        var line: Int
        var endLine: Int
        var language: String
        var lines: Int
        var section: String?
        var anchor: String?
        var fingerprint: String
        /// The first example's id, or null when the block is unmapped.
        var example: String?
        var examples: [ExampleEntry]
        var status: String
        var duration: Double
        var reason: String?
        var waiver: String?
        var diagnostics: [String]

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
            try c.encode(duration, forKey: .duration)
            try c.encode(reason, forKey: .reason)
            try c.encode(waiver, forKey: .waiver)
            try c.encode(diagnostics, forKey: .diagnostics)
        }

        enum CodingKeys: String, CodingKey {
            case file, line, endLine, language, lines, section, anchor, fingerprint, example, examples
            case status, duration, reason, waiver, diagnostics
        }
    }

    struct ExampleEntry: Encodable {
        var id: String
        var kind: String
        var source: String
        var status: String
        var stale: Bool
        var reason: String?
        var exitCode: Int32?
        var signal: String?
        var timedOut: Bool
        var leftoverProcesses: Bool
        var duration: Double?
        var cached: Bool
        var stdout: String?
        var stderr: String?
        var stdoutDropped: Int
        var stderrDropped: Int
        var launchError: String?
        var expectations: [ExpectationResult]
        var claims: [ClaimResult]
    }

    static func render(_ report: CheckReport) -> String {
        let root = Root(
            summary: Summary(blocks: report.blocks.count, passed: report.passed, failed: report.failed,
                             waived: report.waived, errors: report.otherErrors),
            blocks: report.blocks.map(block),
            diagnostics: report.diagnostics.map(\.description))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(root)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func block(_ block: BlockReport) -> Block {
        Block(
            file: block.path, line: block.line, endLine: block.endLine, language: block.language,
            lines: block.lineCount, section: block.section, anchor: block.anchor, fingerprint: block.fingerprint,
            example: block.examples.first?.id, examples: block.examples.map(example),
            status: block.status.rawValue, duration: rounded(block.seconds), reason: block.reason,
            waiver: block.waiver, diagnostics: block.diagnostics.map(\.description))
    }

    private static func example(_ example: ExampleReport) -> ExampleEntry {
        let run = example.run
        var exitCode: Int32?, signal: String?
        switch run?.termination {
        case .exited(let code): exitCode = code
        case .signaled(let number): signal = SignalName.name(number)
        case nil: break
        }
        return ExampleEntry(
            id: example.id, kind: example.kind, source: example.source, status: example.status.rawValue,
            stale: example.stale, reason: example.reason, exitCode: exitCode, signal: signal,
            timedOut: run?.timedOut ?? false, leftoverProcesses: run?.leftoverProcesses ?? false,
            duration: run.map { rounded($0.seconds) }, cached: run?.cached ?? false,
            stdout: run?.stdout, stderr: run?.stderr,
            stdoutDropped: run?.stdoutDropped ?? 0, stderrDropped: run?.stderrDropped ?? 0,
            launchError: example.launchError, expectations: example.expectations, claims: example.claims)
    }

    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}
