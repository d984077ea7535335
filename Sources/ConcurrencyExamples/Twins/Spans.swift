import ExampleKit

/// When a job ran, from its start to its end: the twins' `TaskLog`.
typealias Span = Range<ContinuousClock.Instant>

/// Runs `body` as the task `name` (a lane of its own in a traced run)
/// and returns when it ran.
func timed(_ name: String, _ body: () async -> Void) async -> Span {
    let start = ContinuousClock.now
    await Tracer.task(name, body)
    return start..<ContinuousClock.now
}

extension Sequence<Span> {
    /// Whether some moment lies inside every span: all ran at once.
    var allOverlap: Bool {
        guard let latestStart = map(\.lowerBound).max(),
            let earliestEnd = map(\.upperBound).min()
        else {
            return false
        }
        return latestStart < earliestEnd
    }
}
