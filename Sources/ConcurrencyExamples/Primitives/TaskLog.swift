import Foundation

/// Records when tasks start and finish, to show whether they overlapped.
final class TaskLog: @unchecked Sendable {
    private let lock = NSLock()
    private var spans: [(start: Double, end: Double)] = []

    /// Runs `body`, recording its start and end.
    func record(_ body: () -> Void) {
        let start = monotonicSeconds()
        body()
        let end = monotonicSeconds()
        lock.withLock { spans.append((start, end)) }
    }

    /// Whether some moment lies inside every recorded task: all ran at once.
    var allOverlapped: Bool {
        lock.withLock {
            guard let latestStart = spans.map(\.start).max(), let earliestEnd = spans.map(\.end).min() else {
                return false
            }
            return latestStart < earliestEnd
        }
    }

    var count: Int { lock.withLock { spans.count } }
}
