import Foundation

/// Records when tasks start and finish, to show whether they overlapped.
final class TaskLog: @unchecked Sendable {
    private let lock = NSLock()
    private var spans: [(name: String, start: Double, end: Double)] = []

    /// Runs `body`, recording its start and end under `name`.
    func record(_ name: String, _ body: () -> Void) {
        let start = monotonicSeconds()
        body()
        let end = monotonicSeconds()
        lock.withLock { spans.append((name, start, end)) }
    }

    /// Whether the task `name` has finished.
    func hasFinished(_ name: String) -> Bool {
        lock.withLock { spans.contains { $0.name == name } }
    }

    /// Whether some moment lies inside every recorded task: all ran at once.
    var allOverlapped: Bool {
        lock.withLock {
            guard let latestStart = spans.map(\.start).max(),
                let earliestEnd = spans.map(\.end).min()
            else {
                return false
            }
            return latestStart < earliestEnd
        }
    }

    var count: Int { lock.withLock { spans.count } }
}
