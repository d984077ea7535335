/// Something the notes assert, quoted in their own words, the run that can
/// show whether it is true, and what the reviewer found.
///
/// The checker finds ``quote`` in the block or the prose of its section,
/// evaluates ``evidence`` against the run named by ``against``, and
/// compares what the run showed with ``expected``. Every claim must be able
/// to fail: its evidence is a fact of one run that a wrong program would
/// not show.
public struct Claim: Sendable, Hashable {
    /// What the reviewer found when they checked the claim.
    public enum Finding: Sendable, Hashable {
        /// The claim is true: the run must show the evidence.
        case holds
        /// The claim is false: the run must not show the evidence. The text
        /// says why, in Chinese.
        case refuted(String)
    }

    /// The notes' own words, verbatim (a comment in the block or a sentence
    /// of its section).
    public var quote: String
    /// The run that judges it: the notes' Python as written, one of its
    /// probes, or a Swift example (for a claim about the concept, where a
    /// wrong primitive would fail the check).
    public var against: RunSource
    /// What the run shows when the claim is true.
    public var evidence: Observation
    public var expected: Finding

    public init(_ quote: String, against: RunSource, evidence: Observation, expected: Finding = .holds) {
        self.quote = quote
        self.against = against
        self.evidence = evidence
        self.expected = expected
    }
}

/// Which run of a block a claim, an erratum or a comparison looks at.
public enum RunSource: Sendable, Hashable, CustomStringConvertible {
    /// The notes' code, exactly as written.
    case python
    /// The notes' code with a few lines added, by the probe's name.
    case probe(String)
    /// A Swift example, by its id.
    case swift(String)

    public var description: String {
        switch self {
        case .python: "python"
        case .probe(let name): "probe '\(name)'"
        case .swift(let id): "example '\(id)'"
        }
    }
}

/// A fact one run can show: how it ended, or what it printed.
public enum Observation: Sendable, Hashable {
    /// The output meets the expectation (stdout, or stderr for
    /// ``Expectation/standardErrorContains(_:)``).
    case output(Expectation)
    /// It ended by itself with a non-zero status or a signal, and its
    /// standard error matches the pattern (a Python traceback, say).
    case crashes(matching: String)
    /// It was still running at its timeout and was stopped.
    case neverEnds
    /// It ended by itself and printed nothing on standard output.
    case printsNothing
    /// It ended by itself with status 0.
    case endsNormally
}
