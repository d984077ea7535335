import ExampleKit

/// How the notes' code of a block fared when it ran exactly as written.
///
/// The cases are in order of precedence: a run that crashed is `crashed`
/// even if it also printed nothing.
enum OriginalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A non-zero exit, a signal, or a traceback.
    case crashed
    /// Still running at its timeout; its process group was stopped.
    case neverEnds = "never-ends"
    /// Ended by itself and printed nothing.
    case noOutput = "no-output"
    /// Ran, but what it printed contradicts what the notes say.
    case differs
    /// Ran, and nothing the notes say about it is contradicted (which
    /// includes a block about which they say nothing).
    case asClaimed = "as-claimed"
    /// Not run: no review names the block, `--no-python`, no `python3`.
    case notRun = "not-run"
}

/// The notes' code of one block, as written and probed.
struct OriginalReport: Sendable, Hashable, Codable {
    var status: OriginalStatus
    /// The run as written; nil when it did not run.
    var run: RunResult?
    /// Why it did not run, in Chinese.
    var notRunReason: String?
    /// The interpreter's version, e.g. `3.11.7`.
    var python: String?
    /// What it ran in: `bubblewrap` when it ran (the only sandbox the
    /// notes' code runs in), nil when it did not.
    var sandbox: String?
    /// The client that drove it, in words, when one did.
    var driver: String?
    var probes: [ProbeReport]
    /// Whether what it did is what the block's errata say it does: a run
    /// that misbehaves as an erratum says is expected.
    var expected: Bool
}

/// One probe of a block's code: the lines it adds and how it ran.
struct ProbeReport: Sendable, Hashable, Codable {
    var name: String
    /// What the probe shows, in Chinese.
    var purpose: String
    /// The lines added before and after the notes' code.
    var before: String
    var after: String
    var run: RunResult?
    var notRunReason: String?
}

/// The verdict on one claim of the notes.
struct ClaimReport: Sendable, Hashable, Codable {
    /// What the run showed.
    enum Verdict: String, Sendable, Hashable, Codable {
        case holds, refuted
        /// The run it needs did not happen.
        case notRun = "not-run"
    }

    var quote: String
    /// The line of the notes where the quote is, if it was found.
    var line: Int?
    /// `python`, `probe` or `swift`.
    var against: RunKind
    /// The probe's name or the example's id.
    var againstName: String?
    var verdict: Verdict
    /// What the reviewer found: `holds` or `refuted`.
    var expected: Verdict
    /// Why the reviewer found it refuted, in Chinese.
    var why: String?
    /// What the run had to show, in Chinese.
    var evidence: String
    /// Whether the run agrees with the reviewer (or did not happen).
    var passed: Bool
}

/// Which kind of run something is judged against.
enum RunKind: String, Sendable, Hashable, Codable {
    case python, probe, swift

    init(_ source: RunSource) {
        switch source {
        case .python: self = .python
        case .probe: self = .probe
        case .swift: self = .swift
        }
    }
}

/// One erratum of the notes, with what its run showed.
struct ErratumReport: Sendable, Hashable, Codable {
    /// The line of the notes it concerns, if its quote was found.
    @NullWhenNil var line: Int?
    var kind: Erratum.Kind
    var zh: String
    var en: String?
    /// The run that checks it; nil when no run can.
    var against: RunKind?
    var againstName: String?
    /// True while the run shows it, false once it no longer does, nil
    /// when no run can show it or the run did not happen.
    @NullWhenNil var holds: Bool?
    /// What the run must show, or why no run can, in Chinese.
    var evidence: String
    /// Set when its run did not happen, in Chinese.
    var notRunReason: String?
}
