#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Records trace events to the file the runner names in `NOTES_TRACE`, a
/// line each, so that what threads and forked processes did reaches the
/// runner beside their output (see ``Trace``).
///
/// With no `NOTES_TRACE` every call returns at once. A line is written
/// with one `write(2)` to a file opened with `O_APPEND`, so lines of
/// several threads and processes never mix. A process records at most
/// ``cap`` events; later ones are counted, and the count is written when
/// the process ends through ``finish()``. Hot loops record a span around
/// the loop, never an event per step.
///
/// A line: `nanoseconds pid thread kind category lane name value`, by tabs;
/// the runner turns pids and threads into lanes a reader can name.
public enum Tracer {
    /// Events one process records at most.
    public static let cap = 10_000

    private static let state = State()

    /// Whether this run is traced.
    public static var isEnabled: Bool { state.descriptor >= 0 }

    /// The lane of the current task, set by ``task(_:_:)``: what a task
    /// records (a channel's send, an actor's method) shows on it.
    @TaskLocal public static var taskLane: String?

    /// Runs `body` as a task of its own lane, `name`, recorded as a span:
    /// the twins' tasks and actors, which have no thread of their own.
    public static func task<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        try await $taskLane.withValue(name) {
            try await span(.task, name, lane: name, isolation: isolation, body)
        }
    }

    /// Names the calling thread's lane (`f1`, `消费者`): its events show under this name.
    public static func nameThread(_ name: String) {
        guard isEnabled else { return }
        state.withLock { $0.names[pthread_self()] = clean(name) }
    }

    public static func begin(_ category: TraceEvent.Category, _ name: String, lane: String? = nil) {
        record(.begin, category, name, lane: lane, value: nil)
    }

    public static func end(_ category: TraceEvent.Category, _ name: String, lane: String? = nil) {
        record(.end, category, name, lane: lane, value: nil)
    }

    public static func point(_ category: TraceEvent.Category, _ name: String, value: Int? = nil, lane: String? = nil) {
        record(.point, category, name, lane: lane, value: value)
    }

    /// Runs `body` as a span.
    public static func span<T, E: Error>(
        _ category: TraceEvent.Category, _ name: String, lane: String? = nil, _ body: () throws(E) -> T
    ) throws(E) -> T {
        begin(category, name, lane: lane)
        defer { end(category, name, lane: lane) }
        return try body()
    }

    /// Runs `body` as a span, for `async` code (a twin's task).
    public static func span<T>(
        _ category: TraceEvent.Category, _ name: String, lane: String? = nil,
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        begin(category, name, lane: lane)
        defer { end(category, name, lane: lane) }
        return try await body()
    }

    /// Writes how many events were dropped, if any. Call it before the
    /// process exits (``ExampleProcess`` and forked children do).
    public static func finish() {
        guard isEnabled else { return }
        let dropped = state.withLock { state -> Int in
            defer { state.dropped = 0 }
            return state.dropped
        }
        if dropped > 0 { write("\(monotonicNanoseconds())\t\(getpid())\t0\tdropped\t-\t-\t-\t\(dropped)\n") }
    }

    /// After `fork()`, in the child: its own count of events, its own thread names.
    public static func forked() {
        guard isEnabled else { return }
        state.withLock { state in
            state.recorded = 0
            state.dropped = 0
            state.names = [:]
        }
    }

    private static func record(
        _ kind: TraceEvent.Kind, _ category: TraceEvent.Category, _ name: String, lane: String?, value: Int?
    ) {
        guard isEnabled else { return }
        let thread = pthread_self()
        let threadName = state.withLock { state -> String?? in
            guard state.recorded < cap else {
                state.dropped += 1
                return nil
            }
            state.recorded += 1
            return .some(state.names[thread])
        }
        guard let threadName else { return }
        let laneText = lane.map(clean) ?? taskLane.map(clean) ?? threadName ?? "-"
        let valueText = value.map(String.init) ?? "-"
        write(
            "\(monotonicNanoseconds())\t\(getpid())\t\(thread)\t\(kind.rawValue)"
                + "\t\(category.rawValue)\t\(laneText)\t\(clean(name))\t\(valueText)\n")
    }

    /// Tabs and line ends would break the line format; names never need them.
    private static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text.isEmpty ? "-" : text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    private static func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            _ = Glibc.write(state.descriptor, bytes.baseAddress, bytes.count)
        }
    }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// The file and the counts, behind a pthread mutex (ThreadSanitizer
    /// reads `Synchronization.Mutex` wrongly; see the README).
    private final class State: @unchecked Sendable {
        struct Counts {
            var recorded = 0
            var dropped = 0
            var names: [pthread_t: String] = [:]
        }

        let descriptor: Int32
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private var counts = Counts()

        init() {
            if let path = getenv("NOTES_TRACE").map({ String(cString: $0) }), !path.isEmpty {
                descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            } else {
                descriptor = -1
            }
            pthread_mutex_init(mutex, nil)
        }

        func withLock<T>(_ body: (inout Counts) -> T) -> T {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body(&counts)
        }
    }
}
