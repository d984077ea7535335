/// What the shared primitives recorded while an example ran: threads and
/// processes starting and ending, tasks, locks held, waits, queue depths,
/// connections. The runner collects it beside the output (see ``Tracer``),
/// and the site draws it as a timeline.
public struct Trace: Sendable, Hashable, Codable {
    /// In time order; times are seconds since the run started.
    public var events: [TraceEvent]
    /// Events recorded past the cap and dropped (see ``Tracer/cap``).
    public var dropped: Int

    public init(events: [TraceEvent], dropped: Int = 0) {
        self.events = events
        self.dropped = dropped
    }

    /// The lanes, in the order they first appear.
    public var lanes: [String] {
        var seen = Set<String>()
        return events.compactMap { seen.insert($0.lane).inserted ? $0.lane : nil }
    }

    /// The time of the last event.
    public var end: Double { events.last?.time ?? 0 }

    /// Something that lasted: a ``TraceEvent/Kind/begin`` and its
    /// ``TraceEvent/Kind/end`` on one lane, with the same category and name.
    public struct Span: Sendable, Hashable {
        public var lane: String
        public var category: TraceEvent.Category
        public var name: String
        public var start: Double
        /// Nil when the span never ended (the run stopped first).
        public var end: Double?

        /// Whether two spans share a moment of time; an open span lasts to `until`.
        public func overlaps(_ other: Span, until: Double) -> Bool {
            start < (other.end ?? until) && other.start < (end ?? until)
        }
    }

    /// Every span, in the order they began. An end with no begin is ignored.
    public var spans: [Span] {
        var open: [String: [Int]] = [:]  // by lane, category and name: indices of spans not yet ended
        var spans: [Span] = []
        for event in events {
            let key = "\(event.lane)\u{1F}\(event.category.rawValue)\u{1F}\(event.name)"
            switch event.kind {
            case .begin:
                open[key, default: []].append(spans.count)
                spans.append(
                    Span(lane: event.lane, category: event.category, name: event.name, start: event.time, end: nil))
            case .end:
                if let index = open[key]?.popLast() { spans[index].end = event.time }
            case .point:
                break
            }
        }
        return spans
    }

    /// The spans of one category.
    public func spans(_ category: TraceEvent.Category) -> [Span] {
        spans.filter { $0.category == category }
    }

    /// The most spans of `category` open at one moment.
    public func mostAtOnce(_ category: TraceEvent.Category) -> Int {
        // Ends sort before starts at the same time: touching spans do not overlap.
        let last = end
        var edges: [(time: Double, change: Int)] = []
        for span in spans(category) {
            edges.append((span.start, 1))
            edges.append((span.end ?? last, -1))
        }
        edges.sort { (left, right) -> Bool in
            left.time != right.time ? left.time < right.time : left.change < right.change
        }
        var open = 0
        var most = 0
        for (_, change) in edges {
            open += change
            most = max(most, open)
        }
        return most
    }
}

/// One thing that happened in a run.
public struct TraceEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Something starts that lasts: a thread, a task, a lock held, a wait.
        case begin
        /// It ends.
        case end
        /// Something at one moment: a put or get (with the queue's depth),
        /// a connection accepted or closed.
        case point
    }

    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        /// A thread's life, from its start to the end of its target.
        case thread
        /// A process's life, from fork to exit.
        case process
        /// A task of a pool, or a unit of work a port names.
        case task
        /// A lock held.
        case lock
        /// Blocked: waiting for room in a queue, for an item, for a lock.
        case wait
        /// A queue's `put` or `get`; ``TraceEvent/value`` is its depth after.
        case queue
        /// A client's connection to a server, served.
        case connection
    }

    /// Seconds since the run started.
    public var time: Double
    /// The thread, process or task it happened on, as a reader names it:
    /// `主线程`, `f1`, `线程 2`, `进程 2 · 线程 1`.
    public var lane: String
    public var kind: Kind
    public var category: Category
    /// What: `f1`, `lock`, `put`, `任务 3`, `客户 2`.
    public var name: String
    /// A number that goes with it: a queue's depth after a put or get.
    public var value: Int?

    public init(
        time: Double, lane: String, kind: Kind, category: Category, name: String, value: Int? = nil
    ) {
        self.time = time
        self.lane = lane
        self.kind = kind
        self.category = category
        self.name = name
        self.value = value
    }
}
