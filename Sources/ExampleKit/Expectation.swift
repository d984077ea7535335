/// What an example's standard output must look like for the example to pass.
///
/// Use ``exactOutput(_:)`` only when the output is deterministic. Where
/// threads interleave, or values are random, PIDs or ports, use the
/// order-free or pattern forms, and let the example assert its own
/// invariants (see ``invariant(_:_:file:line:)``).
public enum Expectation: Sendable, Hashable {
    /// Standard output is exactly this text.
    case exactOutput(String)
    /// Standard output has exactly these lines, in any order.
    case unorderedLines([String])
    /// Standard output has one line per pattern, and line *i* matches
    /// pattern *i* as a whole (Swift `Regex` syntax).
    case linePatterns([String])
    /// At least one line of standard output matches the pattern as a whole.
    case containsLine(matching: String)
    /// Every line of standard output matches the pattern as a whole.
    case everyLine(matching: String)
    /// Standard error contains this pattern somewhere. Used by compile-fail
    /// lessons, whose output is the compiler's diagnostic.
    case standardErrorContains(String)

    /// The regular expressions this expectation uses, for validation.
    public var patterns: [String] {
        switch self {
        case .exactOutput, .unorderedLines: []
        case .linePatterns(let patterns): patterns
        case .containsLine(let pattern), .everyLine(let pattern), .standardErrorContains(let pattern): [pattern]
        }
    }
}
