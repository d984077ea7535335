import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples

/// Runs `body` on a thread of its own and waits at most `limit` for it.
/// - Returns: Whether it finished in time. A body that hangs fails the
///   test that asked, instead of hanging the test run.
func finishes(within limit: Duration, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    JoinableThread {
        body()
        done.signal()
    }.start()
    return done.wait(timeout: .now() + limit.seconds) == .success
}

@Suite("BlockingQueue: Python's queue.Queue", .hangGuard)
struct BlockingQueueTests {
    @Test func itemsComeOutInOrder() throws {
        let queue = BlockingQueue<Int>()
        for value in 1...100 { try queue.put(value) }
        #expect(try (1...100).map { _ in try queue.get() } == Array(1...100))
        #expect(queue.isEmpty)
    }

    @Test func getOnAnEmptyQueueWaitsThenThrowsEmpty() {
        let queue = BlockingQueue<Int>()
        let start = monotonicSeconds()
        #expect(throws: QueueError.empty) { try queue.get(timeout: .milliseconds(100)) }
        #expect(monotonicSeconds() - start >= 0.09)
    }

    @Test func putOnAFullQueueWaitsThenThrowsFull() throws {
        let queue = BlockingQueue<Int>(maxsize: 2)
        try queue.put(1)
        try queue.put(2)
        #expect(queue.isFull)
        let start = monotonicSeconds()
        #expect(throws: QueueError.full) { try queue.put(3, timeout: .milliseconds(100)) }
        #expect(monotonicSeconds() - start >= 0.09)
        #expect(queue.count == 2)
    }

    @Test func aBlockedPutProceedsWhenAnItemIsTaken() throws {
        let queue = BlockingQueue<Int>(maxsize: 1)
        try queue.put(1)
        let stored = UnsafeSharedCell(false)
        let lock = NSLock()
        let producer = DispatchSemaphore(value: 0)
        JoinableThread {
            let put = (try? queue.put(2, timeout: .seconds(10))) != nil  // waits: the queue is full
            lock.withLock { stored.value = put }
            producer.signal()
        }.start()
        #expect(producer.wait(timeout: .now() + 0.1) == .timedOut, "put() returned while the queue was full")
        #expect(try queue.get() == 1)  // makes room
        #expect(producer.wait(timeout: .now() + 5) == .success, "put() still waits after get() made room")
        #expect(lock.withLock { stored.value })
        #expect(try queue.get(timeout: .seconds(1)) == 2)
    }

    @Test func joinWaitsForTaskDoneNotForAnEmptyQueue() throws {
        let queue = BlockingQueue<Int>()
        try queue.put(1)
        _ = try queue.get()
        #expect(queue.isEmpty)
        #expect(queue.unfinishedTasks == 1)  // empty, yet one task unfinished
        let joined = DispatchSemaphore(value: 0)
        JoinableThread {
            queue.join()
            joined.signal()
        }.start()
        #expect(joined.wait(timeout: .now() + 0.1) == .timedOut, "join() returned with a task unfinished")
        try queue.taskDone()
        #expect(joined.wait(timeout: .now() + 5) == .success, "join() still waits after the last task_done()")
    }

    @Test func joinWithNothingPutReturnsAtOnce() {
        #expect(finishes(within: .seconds(5)) { BlockingQueue<Int>().join() })
    }

    @Test func taskDoneTooManyTimesThrows() throws {
        let queue = BlockingQueue<Int>()
        try queue.put(1)
        _ = try queue.get()
        try queue.taskDone()
        #expect(throws: QueueError.taskDoneTooManyTimes) { try queue.taskDone() }
    }

    @Test func manyProducersAndConsumersLoseNothing() throws {
        let queue = BlockingQueue<Int>(maxsize: 4)
        let received = UnsafeSharedCell([Int]())
        let lock = NSLock()
        let producers = (0..<4).map { p in
            JoinableThread { for i in 0..<250 { try? queue.put(p * 1000 + i, timeout: .seconds(10)) } }
        }
        let consumers = (0..<4).map { _ in
            JoinableThread {
                for _ in 0..<250 {
                    guard let value = try? queue.get(timeout: .seconds(10)) else { return }
                    lock.withLock { received.value.append(value) }
                    try? queue.taskDone()
                }
            }
        }
        (producers + consumers).forEach { $0.start() }
        let everyoneDone = finishes(within: .seconds(20)) {
            (producers + consumers).forEach { $0.join() }
            queue.join()
        }
        try #require(everyoneDone, "producers, consumers or join() did not finish")
        #expect(received.value.count == 1000)
        #expect(Set(received.value) == Set((0..<4).flatMap { p in (0..<250).map { p * 1000 + $0 } }))
    }
}
