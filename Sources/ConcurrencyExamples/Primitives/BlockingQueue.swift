import ExampleKit
import Foundation

/// A FIFO queue between threads, with the semantics of Python's `queue.Queue`.
///
/// - `put` blocks while the queue holds `maxsize` items (0 means no limit);
///   `get` blocks while it is empty. With a timeout they throw
///   ``QueueError/full`` or ``QueueError/empty`` instead of waiting on.
/// - Every `put` adds one to a count of unfinished tasks; `taskDone()`
///   takes one off. `join()` waits until that count is zero: until every
///   item put has been got *and* marked done, not merely until the queue is
///   empty.
///
/// One `NSCondition` guards the state; every change wakes all waiters,
/// which re-check their own condition.
///
/// A traced run (``Tracer``) records each put and get with the depth
/// after it, and each wait for room or for an item as a span.
package final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    package let maxsize: Int
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var unfinished = 0
    /// The queue's name in a trace; nil for a queue inside another primitive, which is not traced.
    private let traceName: String?

    package init(maxsize: Int = 0, traceName: String? = "队列") {
        self.maxsize = max(0, maxsize)
        self.traceName = traceName
    }

    /// Adds `item`, waiting for room if the queue is full.
    /// - Throws: ``QueueError/full`` if `timeout` passes with no room.
    package func put(_ item: Element, timeout: Duration? = nil) throws {
        try lock(until: timeout, orThrow: .full, waiting: "put 等待空位") { maxsize == 0 || queued < maxsize }
        defer { condition.unlock() }
        items.append(item)
        unfinished += 1
        if traceName != nil { Tracer.point(.queue, "put", value: queued) }
        condition.broadcast()
    }

    /// Removes and returns the oldest item, waiting for one if the queue is empty.
    /// - Throws: ``QueueError/empty`` if `timeout` passes with nothing to get.
    package func get(timeout: Duration? = nil) throws -> Element {
        try lock(until: timeout, orThrow: .empty, waiting: "get 等待数据") { queued > 0 }
        defer { condition.unlock() }
        let item = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        if traceName != nil { Tracer.point(.queue, "get", value: queued) }
        condition.broadcast()
        return item
    }

    /// Marks one item got earlier as fully processed.
    /// - Throws: ``QueueError/taskDoneTooManyTimes`` if no task is unfinished.
    package func taskDone() throws {
        condition.lock()
        defer { condition.unlock() }
        guard unfinished > 0 else { throw QueueError.taskDoneTooManyTimes }
        unfinished -= 1
        condition.broadcast()
    }

    /// Waits until every item ever put has been marked done.
    package func join() {
        condition.lock()
        defer { condition.unlock() }
        while unfinished > 0 { condition.wait() }
    }

    /// The number of items waiting (Python's `qsize()`).
    package var count: Int { condition.withLock { queued } }
    /// Items put but not yet marked done.
    package var unfinishedTasks: Int { condition.withLock { unfinished } }
    package var isEmpty: Bool { count == 0 }
    package var isFull: Bool { condition.withLock { maxsize > 0 && queued >= maxsize } }

    private var queued: Int { items.count - head }

    /// Locks, then waits until `ready()` holds. Returns with the lock held,
    /// or throws (lock released) when the timeout passes first.
    private func lock(
        until timeout: Duration?, orThrow error: QueueError, waiting: String, _ ready: () -> Bool
    ) throws {
        condition.lock()
        let limit = deadline(after: timeout)
        let traced = traceName != nil && !ready()
        if traced { Tracer.begin(.wait, waiting) }
        defer { if traced { Tracer.end(.wait, waiting) } }
        while !ready() {
            if let limit {
                if !condition.wait(until: limit), !ready() {
                    condition.unlock()
                    throw error
                }
            } else {
                condition.wait()
            }
        }
    }
}
