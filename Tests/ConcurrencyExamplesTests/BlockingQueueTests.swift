@testable import ConcurrencyExamples
import Foundation
import Testing

@Suite("BlockingQueue: Python's queue.Queue")
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
        let done = UnsafeSharedCell(false)
        let lock = NSLock()
        let producer = JoinableThread {
            try? queue.put(2)                       // blocks: the queue is full
            lock.withLock { done.value = true }
        }
        producer.start()
        usleep(100_000)
        #expect(lock.withLock { done.value } == false)
        #expect(try queue.get() == 1)               // makes room
        producer.join()
        #expect(lock.withLock { done.value })
        #expect(try queue.get() == 2)
    }

    @Test func joinWaitsForTaskDoneNotForAnEmptyQueue() throws {
        let queue = BlockingQueue<Int>()
        try queue.put(1)
        _ = try queue.get()
        #expect(queue.isEmpty)
        #expect(queue.unfinishedTasks == 1)         // empty, yet one task unfinished
        let joined = UnsafeSharedCell(false)
        let lock = NSLock()
        let joiner = JoinableThread {
            queue.join()
            lock.withLock { joined.value = true }
        }
        joiner.start()
        usleep(100_000)
        #expect(lock.withLock { joined.value } == false)
        try queue.taskDone()
        joiner.join()
        #expect(lock.withLock { joined.value })
    }

    @Test func joinWithNothingPutReturnsAtOnce() {
        BlockingQueue<Int>().join()
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
        let producers = (0..<4).map { p in JoinableThread { for i in 0..<250 { try? queue.put(p * 1000 + i) } } }
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
        (producers + consumers).forEach { $0.join() }
        queue.join()
        #expect(received.value.count == 1000)
        #expect(Set(received.value) == Set((0..<4).flatMap { p in (0..<250).map { p * 1000 + $0 } }))
    }
}
