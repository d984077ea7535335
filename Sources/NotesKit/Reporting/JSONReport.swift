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
        @NullWhenNil var section: String?
        @NullWhenNil var anchor: String?
        var fingerprint: String
        /// The first example's id, or null when the block is unmapped.
        @NullWhenNil var example: String?
        var examples: [ExampleEntry]
        var status: String
        var duration: Double
        @NullWhenNil var reason: String?
        @NullWhenNil var waiver: String?
        var diagnostics: [String]
    }

    struct ExampleEntry: Encodable {
        var id: String
        var kind: ExampleReport.Kind
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
            summary: Summary(
                blocks: report.blocks.count, passed: report.passed, failed: report.failed,
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
        var exitCode: Int32?
        var signal: String?
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
