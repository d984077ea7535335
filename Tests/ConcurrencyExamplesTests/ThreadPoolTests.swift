import Foundation
import Testing

@testable import ConcurrencyExamples

@Suite("ThreadPool: Python's multiprocessing.pool.ThreadPool", .hangGuard)
struct ThreadPoolTests {
    struct Boom: Error, Equatable {}

    @Test func getReturnsTheValue() throws {
        let pool = ThreadPool(2)
        let result = try pool.applyAsync { 6 * 7 }
        #expect(try result.get() == 42)
        #expect(result.ready)
        #expect(try pool.apply { "done" } == "done")
        pool.close()
        pool.join()
    }

    @Test func getRethrowsTheTasksError() throws {
        let pool = ThreadPool(1)
        let result = try pool.applyAsync { () throws -> Int in throw Boom() }
        #expect(throws: Boom.self) { try result.get() }
        pool.close()
        pool.join()
    }

    @Test func getWithATimeoutThrowsWhenTheTaskIsSlow() throws {
        let pool = ThreadPool(1)
        let result = try pool.applyAsync { usleep(300_000) }
        #expect(throws: QueueError.timeout) { try result.get(timeout: .milliseconds(50)) }
        _ = try result.get()
        pool.close()
        pool.join()
    }

    @Test func closeStopsSubmissionAndJoinWaitsForQueuedTasks() throws {
        let pool = ThreadPool(2)
        let counter = UnsafeSharedCell(0)
        let lock = NSLock()
        for _ in 0..<20 {
            try pool.applyAsync {
                usleep(5_000)
                lock.withLock { counter.value += 1 }
            }
        }
        pool.close()
        #expect(throws: QueueError.poolNotRunning) { try pool.applyAsync { 1 } }
        pool.join()
        #expect(counter.value == 20)
    }

    @Test func tasksRunAtTheSameTimeOnDifferentThreads() throws {
        // Three tasks that each wait for the other two: only a pool running
        // them at once lets all three through.
        let pool = ThreadPool(3)
        let barrier = Barrier(count: 3)
        let results = try (0..<3).map { _ in try pool.applyAsync { barrier.arriveAndWait(timeout: .seconds(5)) } }
        #expect(try results.map { try $0.get() } == [true, true, true])
        pool.close()
        pool.join()
    }

    @Test func aPoolOfOneRunsTasksOneAtATime() throws {
        let pool = ThreadPool(1)
        let barrier = Barrier(count: 2)
        let results = try (0..<2).map { _ in try pool.applyAsync { barrier.arriveAndWait(timeout: .milliseconds(100)) }
        }
        // The first task waits for the second in vain: one thread runs one task at a time.
        #expect(try results[0].get() == false)
        pool.close()
        pool.join()
    }
}
