import Dispatch
import Synchronization

/// A task executor with threads of its own, for the async tests.
///
/// `swift test` runs every suite in one process, and synchronous tests
/// (the command-line tests wait seconds for child processes) block the
/// cooperative pool's threads, of which a two-core machine has two. An
/// async test whose jobs were queued there behind them would wait that
/// long at every suspension, and run out of its time limit. Run under
/// ``run(_:)``, a test's tasks, their child tasks and the default actors
/// they call run here instead: on serial dispatch queues, each of which
/// gets a thread of its own even when the pool's are all busy. With more
/// than one queue, jobs go to them in turn and run in parallel.
/// Unstructured tasks do not inherit the preference: create them with
/// `Task(executorPreference: executor)`.
final class DedicatedTaskExecutor: TaskExecutor {
    private let queues: [DispatchQueue]
    private let next = Atomic(0)

    init(_ label: String, threads: Int = 1) {
        queues = (0..<max(1, threads)).map { DispatchQueue(label: "\(label).\($0)") }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let turn = next.wrappingAdd(1, ordering: .relaxed).oldValue
        queues[turn % queues.count].async {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// Runs `body` with this executor preferred.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self, operation: body)
    }
}
