import ExampleKit
import Foundation

/// A fixed set of worker threads that run submitted tasks, with the
/// semantics of Python's `multiprocessing.pool.ThreadPool`.
///
/// `applyAsync` queues a task and returns at once with an ``AsyncResult``
/// whose `get()` blocks until the task is done. `apply` is `applyAsync`
/// followed by `get()`: it blocks, so the pool runs one task at a time for
/// that caller. `close()` stops new tasks, and `join()`, after `close()`,
/// waits for the queued tasks to finish and the workers to exit.
package final class ThreadPool: @unchecked Sendable {
    private let tasks = BlockingQueue<(@Sendable () -> Void)?>(traceName: nil)
    private var workers: [JoinableThread] = []
    private let lock = NSLock()
    private var closed = false
    /// Tasks submitted so far: a traced run names each task by its number.
    private var submitted = 0

    /// Starts `processes` worker threads (Python's name for the argument).
    package init(_ processes: Int) {
        for number in 1...max(1, processes) {
            let worker = JoinableThread(name: "工作线程 \(number)") { [tasks] in
                // A nil task is the signal to stop, sent by close().
                while let task = try? tasks.get() {
                    task()
                }
            }
            worker.start()
            workers.append(worker)
        }
    }

    /// The number of worker threads.
    package var size: Int { workers.count }

    /// Queues `body` and returns its result-to-be.
    /// - Throws: ``QueueError/poolNotRunning`` after `close()`.
    @discardableResult
    package func applyAsync<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> AsyncResult<T> {
        let result = AsyncResult<T>()
        try lock.withLock {
            guard !closed else { throw QueueError.poolNotRunning }
            submitted += 1
            let name = "任务 \(submitted)"
            try tasks.put { Tracer.span(.task, name) { result.set(Result { try body() }) } }
        }
        return result
    }

    /// Runs `body` on a worker and waits for it.
    package func apply<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        try applyAsync(body).get()
    }

    /// Accepts no more tasks; the workers exit once the queued ones are done.
    package func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            for _ in workers { try? tasks.put(nil) }
        }
    }

    /// Waits for the workers to exit. Call `close()` first.
    package func join() {
        precondition(lock.withLock { closed }, "ThreadPool.join() before close() would wait forever")
        workers.forEach { $0.join() }
    }
}

/// The result of a task given to a pool: Python's `AsyncResult`.
package final class AsyncResult<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<T, any Error>?

    init() {}

    func set(_ result: Result<T, any Error>) {
        condition.withLock {
            outcome = result
            condition.broadcast()
        }
    }

    /// Whether the task has finished.
    package var ready: Bool { condition.withLock { outcome != nil } }

    /// Waits for the task and returns its value, or throws the error it threw.
    /// - Throws: the task's own error, or ``QueueError/timeout`` if
    ///   `timeout` passes first.
    package func get(timeout: Duration? = nil) throws -> T {
        condition.lock()
        defer { condition.unlock() }
        let limit = deadline(after: timeout)
        while outcome == nil {
            if let limit {
                if !condition.wait(until: limit), outcome == nil { throw QueueError.timeout }
            } else {
                condition.wait()
            }
        }
        return try outcome!.get()
    }
}
