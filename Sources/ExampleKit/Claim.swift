/// Something the notes assert, quoted in their own words, and the output
/// that would support it.
///
/// The checker looks for ``quote`` in the block or the prose of its section,
/// evaluates ``evidence`` against the port's output, and compares what it
/// saw with ``verdict``: a claim the port author found true must be
/// supported by the output, and one found false must not be.
public struct Claim: Sendable, Hashable {
    /// What the port's author found when they ported the block.
    public enum Verdict: Sendable, Hashable {
        /// The claim is true: the output must support it.
        case holds
        /// The claim is false: the output must not support it. The string says why.
        case doesNotHold(String)
        /// Whether the output supports the claim differs from run to run
        /// (thread timing decides it). The check reports what this run
        /// showed and never fails on it; the string says why it varies.
        case dependsOnTiming(String)
    }

    /// The notes' own words, verbatim (a comment in the block or a sentence
    /// of its section).
    public var quote: String
    /// The output that supports the claim.
    public var evidence: Expectation
    public var verdict: Verdict

    public init(_ quote: String, evidence: Expectation, verdict: Verdict = .holds) {
        self.quote = quote
        self.evidence = evidence
        self.verdict = verdict
    }
}
