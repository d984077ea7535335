import ExampleKit

/// Where a block or an example stands after a check.
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ran, and every expectation and claim held.
    case passed
    /// Ran, but an expectation or claim failed, it exited non-zero, left
    /// processes behind, or could not be started.
    case failed
    /// Ran out of time; its process group was killed.
    case timeout
    /// Ended by a signal.
    case crashed
    /// The block changed since its port was reviewed.
    case stale
    /// No example implements the block.
    case unmapped
    /// The block needs no example, for a stated reason.
    case waived

    /// Whether a block in this state lets the check succeed.
    public var isSuccess: Bool { self == .passed || self == .waived }
}

/// The check of one example.
struct ExampleReport: Sendable, Hashable, Codable {
    /// What kind of example it is; the JSON spelling is the raw value.
    enum Kind: String, Sendable, Hashable, Codable {
        case port
        case idiomatic
        case compileFailure = "compile-failure"

        init(_ kind: Example.Kind) {
            switch kind {
            case .port: self = .port
            case .idiomatic: self = .idiomatic
            case .compileFailure: self = .compileFailure
            }
        }
    }

    var id: String
    var kind: Kind
    /// The port's source file, relative to the working directory when possible.
    var source: String
    var stale: Bool
    var status: CheckStatus
    /// One line on why it did not pass.
    var reason: String?
    var run: RunResult?
    var launchError: String?
    var expectations: [ExpectationResult]
    /// What went wrong beyond the expectations: a timeout, a
    /// crash, a non-zero exit, processes left behind, a failed start.
    var problems: [Problem] = []

    struct Problem: Sendable, Hashable, Codable {
        var reason: String
        var details: [String]
    }
}

/// The check of one code block of the notes.
public struct BlockReport: Sendable, Hashable, Codable {
    var path: String
    var line: Int
    var endLine: Int
    var language: String
    var lineCount: Int
    /// 1-based position among all blocks of the notes.
    var ordinal: Int
    var section: String?
    /// The block's 1-based position among the code blocks under ``section``.
    var indexInSection = 1
    var anchor: String?
    var fingerprint: String
    var examples: [ExampleReport]
    var waiver: String?
    /// The block's verdict: its Swift verdict, or `failed` when a claim, an
    /// erratum or the notes' own code did not behave as the review says.
    public var status: CheckStatus
    /// The Swift verdict alone: the worst of its examples', or stale,
    /// unmapped or waived.
    var swiftStatus: CheckStatus
    var reason: String?
    /// The notes' code as written; nil for blocks in a language that
    /// needs no port.
    var original: OriginalReport?
    var claims: [ClaimReport] = []
    var errata: [ErratumReport] = []
    /// Wall time of the block's runs, in seconds (cached runs count their
    /// original time).
    var seconds: Double
    public var diagnostics: [Diagnostic]

    public var location: SourceLocation { SourceLocation(path: path, line: line) }
}

extension BlockReport {
    /// The report of an example judged outside the notes (`notes run` of an
    /// example whose block is not in the notes folder given): a block of
    /// its own, at its registration.
    init(standalone example: ExampleReport, at location: SourceLocation, diagnostics: [Diagnostic]) {
        self.init(
            path: location.path, line: location.line, endLine: location.line, language: "swift", lineCount: 0,
            ordinal: 0, section: nil, anchor: nil, fingerprint: "", examples: [example], waiver: nil,
            status: example.status, swiftStatus: example.status, reason: example.reason, original: nil,
            seconds: example.run?.seconds ?? 0, diagnostics: diagnostics)
    }
}

/// Everything a check found.
public struct CheckReport: Sendable, Hashable, Codable {
    var blocks: [BlockReport]
    /// Problems not tied to one block: unreadable files, stray examples.
    var diagnostics: [Diagnostic]
    /// What the blocks were checked against: the ``Binding/digest`` of the
    /// whole notes and registry, set by ``Pipeline/check(notes:registry:runner:selection:progress:)``.
    /// Reports of other notes or another registry are not merged, nor built from.
    var bindingDigest: String? = nil
    /// The shard of the selected blocks this report holds (`--shard i/n`); nil for all of them.
    var shard: ReportShard? = nil
    /// The Swift toolchain that built the examples, as the site shows it.
    /// `notes check --format json` records it, so that `notes build
    /// --results` shows what the checking machine used, and asks nothing.
    public var toolchain: String? = nil

    var passed: Int { countBlocks { $0 == .passed } }
    var waived: Int { countBlocks { $0 == .waived } }
    var failed: Int { countBlocks { !$0.isSuccess } }

    /// The blocks whose status is counted, by index, reading the status in
    /// place: a report is large, and a note may hold 100,000 of them.
    private func countBlocks(_ counted: (CheckStatus) -> Bool) -> Int {
        var count = 0
        for index in blocks.indices where counted(blocks[index].status) { count += 1 }
        return count
    }
    /// Errors outside any block, such as a file that is not UTF-8.
    var otherErrors: Int { diagnostics.count { $0.severity == .error } }

    /// Every diagnostic, file-level ones first, then block by block.
    public var allDiagnostics: [Diagnostic] { diagnostics + blocks.flatMap(\.diagnostics) }

    /// 0 when every block is verified (or waived) and nothing else is wrong, else 1.
    public var exitCode: Int32 { failed == 0 && otherErrors == 0 ? 0 : 1 }

    /// How the notes' own code fared: `the notes' Python: 4 as-claimed, 2 crashed, …`,
    /// or nil when no block needs a port.
    var pythonLine: String? {
        let originals = blocks.indices.compactMap { blocks[$0].original }
        guard !originals.isEmpty else { return nil }
        let counts = OriginalStatus.allCases.compactMap { status -> String? in
            let count = originals.count { $0.status == status }
            return count > 0 ? "\(count) \(status.rawValue)" : nil
        }
        let line = "the notes' Python: " + counts.joined(separator: ", ")
        // Nothing ran (no python3, --no-python, or no review names a
        // block): there is nothing to compare with the reviews.
        guard originals.contains(where: { $0.status != .notRun }) else { return line }
        let unexpected = originals.count { !$0.expected }
        let verdict =
            unexpected > 0
            ? "\(unexpected) not as the review says"
            : "each as the review says"
        return line + " (\(verdict))"
    }

    /// `40 errata: 30 hold, 10 not checkable by a run`, or nil when there are none.
    var errataLine: String? {
        let errata = blocks.indices.flatMap { blocks[$0].errata }
        guard !errata.isEmpty else { return nil }
        let holding = errata.count { $0.holds == true }
        let broken = errata.count { $0.holds == false }
        let notRun = errata.count { $0.holds == nil && $0.against != nil }
        let uncheckable = errata.count { $0.against == nil }
        var parts = ["\(holding) hold"]
        if broken > 0 { parts.append("\(broken) no longer hold") }
        if notRun > 0 { parts.append("\(notRun) not run") }
        if uncheckable > 0 { parts.append("\(uncheckable) not checkable by a run") }
        return "\(errata.count) errata: " + parts.joined(separator: ", ")
    }

    /// `N passed, N failed`, the closing line of every text report.
    public var closingLine: String {
        var line = "\(passed) passed, \(failed) failed"
        if waived > 0 { line += ", \(waived) waived" }
        if otherErrors > 0 { line += ", \(otherErrors) other error\(otherErrors == 1 ? "" : "s")" }
        return line
    }
}
