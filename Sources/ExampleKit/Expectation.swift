/// What an example's standard output must look like for the example to pass.
///
/// Use ``exactOutput(_:)`` only when the output is deterministic. Where
/// threads interleave, or values are random, PIDs or ports, use the
/// order-free or pattern forms, and let the example assert its own
/// invariants (see ``invariant(_:_:file:line:)``).
public enum Expectation: Sendable, Hashable {
    /// Standard output is exactly this text.
    case exactOutput(String)
    /// Standard output is exactly what the port printed when `notes new
    /// --record` recorded it: a guard against regressions of the port, never
    /// evidence for what the notes say (the site says so).
    case recordedOutput(String)
    /// Standard output has exactly these lines, in any order.
    case unorderedLines([String])
    /// Standard output has one line per pattern, and line *i* matches
    /// pattern *i* as a whole (Swift `Regex` syntax).
    case linePatterns([String])
    /// Standard output has one line per pattern, in any order: each line
    /// matches a different pattern. Patterns should not overlap.
    case unorderedLinePatterns([String])
    /// At least one line of standard output matches the pattern as a whole.
    case containsLine(matching: String)
    /// Every line of standard output matches the pattern as a whole.
    case everyLine(matching: String)
    /// These lines appear in stdout in this order; other lines may come
    /// between them.
    case inOrder([String])
    /// A property of the output that patterns cannot state, such as "the
    /// consumer's items are the producer's, ×10, in order".
    case satisfies(OutputCheck)
    /// Standard error contains this pattern somewhere. Used by compile-fail
    /// lessons, whose output is the compiler's diagnostic.
    case standardErrorContains(String)
    /// A property of the run's trace (``Trace``): what happened at the same
    /// time, and what waited. A run that recorded no trace fails it.
    case trace(TraceCheck)

    /// The regular expressions this expectation uses, for validation.
    public var patterns: [String] {
        switch self {
        case .exactOutput, .recordedOutput, .unorderedLines, .inOrder, .satisfies, .trace: []
        case .linePatterns(let patterns), .unorderedLinePatterns(let patterns): patterns
        case .containsLine(let pattern), .everyLine(let pattern), .standardErrorContains(let pattern): [pattern]
        }
    }
}

/// A named check over the lines of standard output.
///
/// Two checks are equal when their summaries are: the summary is what
/// reports show, so it must say exactly what is checked.
public struct OutputCheck: Sendable, Hashable {
    /// What is checked, in words, for the command line.
    public var summary: String
    /// The same in Chinese, for the site.
    public var zh: String
    /// Returns the problems found in the lines; none means the check passes.
    public var problems: @Sendable (_ lines: [String]) -> [String]

    public init(
        _ summary: String, zh: String, problems: @escaping @Sendable (_ lines: [String]) -> [String]
    ) {
        self.summary = summary
        self.zh = zh
        self.problems = problems
    }

    public static func == (lhs: OutputCheck, rhs: OutputCheck) -> Bool { lhs.summary == rhs.summary }
    public func hash(into hasher: inout Hasher) { hasher.combine(summary) }
}
