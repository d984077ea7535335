/// A named check over a run's trace: what ran at the same time, and what
/// waited. Each can fail: a serial pool fails "3 at once", a queue with no
/// bound fails "never above 4, and a put waited".
///
/// Two checks are equal when their summaries are (as ``OutputCheck``).
public struct TraceCheck: Sendable, Hashable {
    /// What is checked, in words, for the command line.
    public var summary: String
    /// The same in Chinese, for the site.
    public var zh: String
    /// Returns the problems found; none means the check passes.
    public var problems: @Sendable (Trace) -> [String]

    public init(_ summary: String, zh: String, problems: @escaping @Sendable (Trace) -> [String]) {
        self.summary = summary
        self.zh = zh
        self.problems = problems
    }

    public static func == (lhs: TraceCheck, rhs: TraceCheck) -> Bool { lhs.summary == rhs.summary }
    public func hash(into hasher: inout Hasher) { hasher.combine(summary) }

    /// Spans of `category` on different lanes never share a moment: one
    /// after the other, as a lock makes them.
    public static func neverOverlap(
        _ category: TraceEvent.Category, named name: String? = nil, zh: String
    ) -> TraceCheck {
        let what = name.map { "“\($0)” " } ?? ""
        return TraceCheck("no two \(what)\(category.rawValue) spans of different lanes overlap", zh: zh) { trace in
            let spans = trace.spans(category).filter { name == nil || $0.name == name }
            guard spans.count >= 2 else { return ["fewer than two \(category.rawValue) spans were recorded"] }
            for (index, first) in spans.enumerated() {
                for second in spans[(index + 1)...] where second.lane != first.lane {
                    if first.overlaps(second, until: trace.end) {
                        return [
                            "\(first.lane)'s \(first.name) (\(seconds(first.start))–\(seconds(first.end))) overlaps "
                                + "\(second.lane)'s \(second.name) (\(seconds(second.start))–\(seconds(second.end)))"
                        ]
                    }
                }
            }
            return []
        }
    }

    /// Some spans of `category` on different lanes share a moment: they interleave.
    public static func someOverlap(_ category: TraceEvent.Category, named name: String? = nil, zh: String) -> TraceCheck
    {
        let what = name.map { "“\($0)” " } ?? ""
        return TraceCheck("two \(what)\(category.rawValue) spans of different lanes overlap", zh: zh) { trace in
            let spans = trace.spans(category).filter { name == nil || $0.name == name }
            for (index, first) in spans.enumerated() {
                for second in spans[(index + 1)...] where second.lane != first.lane {
                    if first.overlaps(second, until: trace.end) { return [] }
                }
            }
            return ["no two of the \(spans.count) \(category.rawValue) spans of different lanes overlap"]
        }
    }

    /// At most `limit` spans of `category` at once, and at some moment exactly `limit`.
    public static func atMost(_ limit: Int, _ category: TraceEvent.Category, reached: Bool, zh: String) -> TraceCheck {
        let summary =
            "at most \(limit) \(category.rawValue) spans at once" + (reached ? ", and \(limit) at some moment" : "")
        return TraceCheck(summary, zh: zh) { trace in
            let most = trace.mostAtOnce(category)
            if most > limit { return ["\(most) \(category.rawValue) spans ran at once, more than \(limit)"] }
            if reached, most < limit {
                return ["at most \(most) \(category.rawValue) spans ran at once, never \(limit)"]
            }
            return []
        }
    }

    /// A queue's depth never goes above `capacity`; with `waited`, a
    /// `put` also waited for room while the queue held `capacity` items.
    public static func boundedQueue(capacity: Int, waited: Bool, zh: String) -> TraceCheck {
        let summary =
            "the queue never holds more than \(capacity)"
            + (waited ? ", and a put waited while it held \(capacity)" : "")
        return TraceCheck(summary, zh: zh) { trace in
            var problems: [String] = []
            var depth = 0
            var waitedWhenFull = false
            for event in trace.events {
                if event.category == .queue, let value = event.value {
                    depth = value
                    if value > capacity {
                        problems.append("the queue held \(value) at \(seconds(event.time)), more than \(capacity)")
                        break
                    }
                }
                if event.category == .wait, event.kind == .begin, event.name.hasPrefix("put"), depth == capacity {
                    waitedWhenFull = true
                }
            }
            if !trace.events.contains(where: { $0.category == .queue }) {
                problems.append("no put or get was recorded")
            } else if waited, !waitedWhenFull, problems.isEmpty {
                problems.append("no put waited while the queue held \(capacity)")
            }
            return problems
        }
    }

    /// Some wait began in an operation named by each prefix: `put` and
    /// `get` both blocked at some point.
    public static func waited(in operations: [String], zh: String) -> TraceCheck {
        TraceCheck("a \(operations.joined(separator: " and a ")) each waited", zh: zh) { trace in
            let waits = trace.spans(.wait).map(\.name)
            return operations.filter { operation in !waits.contains { $0.hasPrefix(operation) } }
                .map { "no \($0) waited" }
        }
    }

    private static func seconds(_ time: Double?) -> String {
        guard let time else { return "end" }
        let milliseconds = Int((time * 1000).rounded())
        return "\(milliseconds) ms"
    }
}
