#if canImport(Glibc)
    @preconcurrency package import Glibc
#endif

/// Worker processes forked up front, each running the same function until
/// it is told to stop: a pre-forking server's process pool.
///
/// This is what the notes' `Pool(n*2)` becomes when each of its `n*2`
/// tasks (`thread_accept`) runs forever: every task holds one worker
/// process for good. Resources made before the pool, such as a listening
/// socket, are inherited by every worker.
package final class PreforkPool {
    /// The workers' process ids, in the order they were started.
    package private(set) var pids: [pid_t] = []
    /// Exit statuses after `join()`: negative for a signal.
    package private(set) var exitCodes: [Int32] = []

    /// Forks `processes` workers; worker `i` runs `body(i)` and then exits.
    /// Call it while the process is single-threaded.
    package init(processes: Int, _ body: @escaping (Int) -> Void) {
        for index in 0..<max(1, processes) {
            let process = ForkedProcess { body(index) }
            process.start()
            workers.append(process)
        }
        pids = workers.map(\.pid)
    }

    private var workers: [ForkedProcess] = []

    /// Asks every worker to stop (SIGTERM), like Python's `Pool.terminate()`.
    package func terminate() {
        for pid in pids { kill(pid, SIGTERM) }
    }

    /// Waits for every worker to exit.
    package func join() {
        workers.forEach { $0.join() }
        exitCodes = workers.compactMap(\.exitCode)
    }
}
