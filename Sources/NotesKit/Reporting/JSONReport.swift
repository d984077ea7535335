import ExampleKit
import Foundation

/// The machine-readable report: one entry per block.
enum JSONReport {
    struct Root: Encodable {
        var summary: Summary
        var blocks: [Block]
        var diagnostics: [String]
        /// Everything above and more, losslessly, for `notes report merge`
        /// and `notes build --results`.
        var results: ReportResults
    }

    struct Summary: Encodable {
        var blocks: Int, passed: Int, failed: Int, waived: Int, errors: Int
        /// How many blocks' Swift verdict is each status.
        var swift: [String: Int]
        /// How many blocks' Python, as written, fared each way.
        var python: [String: Int]
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
        /// The block's verdict: `swift`, or `failed` when the review's
        /// claims, errata or the notes' own code did not hold.
        var status: String
        /// The Swift verdict alone.
        var swift: String
        /// The notes' code as written; null for a language that needs no port.
        @NullWhenNil var original: OriginalEntry?
        var errata: [ErratumReport]
        var claims: [ClaimReport]
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
        /// What the run's primitives recorded, and the checks judged on it; nil when it recorded nothing.
        @NullWhenNil var trace: TraceEntry?
    }

    /// A run's trace: its events (times in seconds from the start), how
    /// many there are and how many were dropped past the cap, and the
    /// expectations judged on it.
    struct TraceEntry: Encodable {
        var count: Int
        var dropped: Int
        var events: [TraceEvent]
        var checks: [ExpectationResult]
    }

    /// The notes' code as written, and its probes.
    struct OriginalEntry: Encodable {
        var status: OriginalStatus
        /// Whether it behaved as the block's errata say (a crash an erratum names is expected).
        var expected: Bool
        @NullWhenNil var exitCode: Int32?
        @NullWhenNil var signal: String?
        var timedOut: Bool
        @NullWhenNil var stdout: String?
        @NullWhenNil var stderr: String?
        /// The interpreter's version.
        @NullWhenNil var python: String?
        @NullWhenNil var sandbox: String?
        @NullWhenNil var driver: String?
        @NullWhenNil var transcript: String?
        @NullWhenNil var duration: Double?
        var cached: Bool
        @NullWhenNil var notRunReason: String?
        var probes: [ProbeEntry]
    }

    struct ProbeEntry: Encodable {
        var name: String
        var purpose: String
        var before: String
        var after: String
        @NullWhenNil var exitCode: Int32?
        @NullWhenNil var signal: String?
        var timedOut: Bool
        @NullWhenNil var stdout: String?
        @NullWhenNil var stderr: String?
        @NullWhenNil var notRunReason: String?
    }

    static func render(_ report: CheckReport) -> String {
        let root = Root(
            summary: Summary(
                blocks: report.blocks.count, passed: report.passed, failed: report.failed,
                waived: report.waived, errors: report.otherErrors,
                swift: counts(report.blocks.map(\.swiftStatus.rawValue)),
                python: counts(report.blocks.compactMap { $0.original?.status.rawValue })),
            blocks: report.blocks.map(block),
            diagnostics: report.diagnostics.map(\.description), results: ReportResults(report))
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
            status: block.status.rawValue, swift: block.swiftStatus.rawValue, original: block.original.map(original),
            errata: block.errata, claims: block.claims, duration: rounded(block.seconds), reason: block.reason,
            waiver: block.waiver, diagnostics: block.diagnostics.map(\.description))
    }

    private static func original(_ original: OriginalReport) -> OriginalEntry {
        let run = original.run
        let (exitCode, signal) = termination(run)
        return OriginalEntry(
            status: original.status, expected: original.expected, exitCode: exitCode, signal: signal,
            timedOut: run?.timedOut ?? false, stdout: run?.stdout, stderr: run?.stderr, python: original.python,
            sandbox: original.sandbox, driver: original.driver, transcript: run?.transcript,
            duration: run.map { rounded($0.seconds) }, cached: run?.cached ?? false,
            notRunReason: original.notRunReason,
            probes: original.probes.map { probe in
                let (exitCode, signal) = termination(probe.run)
                return ProbeEntry(
                    name: probe.name, purpose: probe.purpose, before: probe.before, after: probe.after,
                    exitCode: exitCode, signal: signal, timedOut: probe.run?.timedOut ?? false,
                    stdout: probe.run?.stdout, stderr: probe.run?.stderr, notRunReason: probe.notRunReason)
            })
    }

    /// The exit status or the signal's name of a run.
    private static func termination(_ run: RunResult?) -> (exitCode: Int32?, signal: String?) {
        switch run?.termination {
        case .exited(let code): (code, nil)
        case .signaled(let number): (nil, SignalName.name(number))
        case nil: (nil, nil)
        }
    }

    private static func counts(_ values: [String]) -> [String: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    private static func example(_ example: ExampleReport) -> ExampleEntry {
        let run = example.run
        let (exitCode, signal) = termination(run)
        return ExampleEntry(
            id: example.id, kind: example.kind, source: example.source, status: example.status.rawValue,
            stale: example.stale, reason: example.reason, exitCode: exitCode, signal: signal,
            timedOut: run?.timedOut ?? false, leftoverProcesses: run?.leftoverProcesses ?? false,
            duration: run.map { rounded($0.seconds) }, cached: run?.cached ?? false,
            stdout: run?.stdout, stderr: run?.stderr,
            stdoutDropped: run?.stdoutDropped ?? 0, stderrDropped: run?.stderrDropped ?? 0,
            launchError: example.launchError, expectations: example.expectations,
            trace: run?.trace.map { trace in
                TraceEntry(
                    count: trace.events.count, dropped: trace.dropped, events: trace.events,
                    checks: example.expectations.filter(\.isTraceCheck))
            })
    }

    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}
