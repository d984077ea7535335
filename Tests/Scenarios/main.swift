// Scenarios for the primitives that fork().
//
// fork() is only safe in a single-threaded process: the child gets a copy of
// the calling thread alone, and any lock another thread held (in malloc, in
// the Swift runtime) stays locked in the child for ever. The test runner has
// many threads, so the tests run each scenario here, in a fresh process, and
// check that it prints "ok". Run one by hand with
// `.build/debug/PrimitiveScenarios NAME`.

import ConcurrencyExamples
import ExampleKit
import Foundation

/// `count` tasks on a pool of `workers`; each waits (up to 1 s) until
/// `together` tasks have started, then works for 20 ms. Traced when the
/// test names a file in `NOTES_TRACE`.
func poolTasks(workers: Int, together: Int, count: Int) throws {
    let pool = ThreadPool(workers)
    let started = Barrier(count: together)
    for _ in 0..<count {
        try pool.applyAsync {
            started.arriveAndWait(timeout: .seconds(1))
            usleep(20_000)
        }
    }
    pool.close()
    pool.join()
}

/// Fills a queue of `maxsize` with four items, then puts a fifth with a
/// short timeout: a bounded queue of 4 makes that put wait (and time out).
func queueOfFour(maxsize: Int) throws {
    let queue = BlockingQueue<Int>(maxsize: maxsize)
    for item in 1...4 { try queue.put(item) }
    do {
        try queue.put(5, timeout: .milliseconds(100))
    } catch QueueError.full {
        // the bounded queue: the put waited for room, and none came
    }
    while queue.count > 0 { _ = try queue.get() }
}

let scenarios: [(name: String, run: () throws -> Void)] = [
    ("traced-pool-of-3", { try poolTasks(workers: 3, together: 3, count: 6) }),
    ("traced-serial-pool", { try poolTasks(workers: 1, together: 1, count: 6) }),
    ("traced-queue-of-4", { try queueOfFour(maxsize: 4) }),
    ("traced-unbounded-queue", { try queueOfFour(maxsize: 0) }),
    (
        "forked-child-changes-its-own-copy",
        {
            let cell = UnsafeSharedCell(10)
            let child = ForkedProcess {
                cell.value += 1
                _exit(cell.value == 11 ? 0 : 1)
            }
            child.start()
            child.join()
            invariant(child.exitCode == 0, "child exit \(child.exitCode ?? -99)")
            invariant(cell.value == 10, "the parent saw the child's change")
        }
    ),
    (
        "forked-exit-codes",
        {
            let failing = ForkedProcess { _exit(3) }
            let killed = ForkedProcess { raise(SIGKILL) }
            let throwing = ForkedProcess { throw QueueError.empty }
            for process in [failing, killed, throwing] {
                process.start()
                process.join()
            }
            invariant(failing.exitCode == 3, "exit(3) gave \(failing.exitCode ?? -99)")
            invariant(killed.exitCode == -SIGKILL, "SIGKILL gave \(killed.exitCode ?? -99)")
            invariant(throwing.exitCode == 1, "a throw gave \(throwing.exitCode ?? -99)")
        }
    ),
    (
        "process-queue-keeps-order",
        {
            let queue = ProcessQueue<Int>(maxsize: 4)
            let producer = ForkedProcess { for value in 1...200 { try queue.put(value) } }
            producer.start()
            let received = try (1...200).map { _ in try queue.get(timeout: .seconds(10)) }
            producer.join()
            invariant(producer.exitCode == 0, "producer exit \(producer.exitCode ?? -99)")
            invariant(received == Array(1...200), "out of order: \(received.prefix(10))…")
        }
    ),
    (
        "process-queue-many-producers",
        {
            let queue = ProcessQueue<Int?>(maxsize: 3)
            let producers = (0..<3).map { p in ForkedProcess { for i in 0..<50 { try queue.put(p * 100 + i) } } }
            producers.forEach { $0.start() }
            var received: [Int] = []
            for _ in 0..<150 { if let value = try queue.get(timeout: .seconds(10)) { received.append(value) } }
            producers.forEach { $0.join() }
            let expected = Set((0..<3).flatMap { p in (0..<50).map { p * 100 + $0 } })
            invariant(received.count == 150 && Set(received) == expected, "lost or duplicated items: \(received.count)")
            // Each producer's own items arrive in the order it put them.
            for p in 0..<3 {
                let mine = received.filter { $0 / 100 == p }
                invariant(mine == mine.sorted(), "producer \(p)'s items out of order")
            }
        }
    ),
    (
        "process-queue-put-wakes-a-waiting-get",
        {
            let requests = ProcessQueue<Int>(maxsize: 1)
            let answers = ProcessQueue<Int>(maxsize: 1)
            let child = ForkedProcess { try answers.put(try requests.get() * 2) }
            child.start()
            usleep(50_000)  // the child is now waiting in get()
            try requests.put(21)
            let answer = try answers.get(timeout: .seconds(10))
            child.join()
            invariant(answer == 42, "got \(answer)")
        }
    ),
    (
        "prefork-workers-run-until-terminated",
        {
            let started = ProcessQueue<Int32>(maxsize: 3)
            let pool = PreforkPool(processes: 3) { _ in
                try? started.put(getpid())
                while true { usleep(10_000) }
            }
            let pids = try (0..<3).map { _ in try started.get(timeout: .seconds(10)) }
            invariant(Set(pids) == Set(pool.pids) && !pids.contains(getpid()), "pids \(pids) vs \(pool.pids)")
            pool.terminate()
            pool.join()
            invariant(pool.exitCodes == [-SIGTERM, -SIGTERM, -SIGTERM], "exit codes \(pool.exitCodes)")
        }
    ),
    (
        "manager-list-gets-appends-from-children",
        {
            let manager = try ListManager.start()
            defer { manager.shutdown() }
            let list = try manager.list()
            let children = (1...4).map { value in ForkedProcess { try list.append(value * 10) } }
            children.forEach { $0.start() }
            children.forEach { $0.join() }
            invariant(children.allSatisfy { $0.exitCode == 0 }, "a child failed")
            let count = try list.count()
            let items = try (0..<4).map { try list[$0] }
            let last = try list[-1]
            invariant(count == 4, "count \(count)")
            invariant(Set(items) == [10, 20, 30, 40], "wrong items \(items)")
            invariant(last == items[3], "negative index")
        }
    ),
    (
        "manager-lists-are-separate",
        {
            let manager = try ListManager.start()
            defer { manager.shutdown() }
            let first = try manager.list()
            let second = try manager.list()
            try first.append(1)
            let count = try second.count()
            invariant(count == 0, "the second list is not empty")
            do {
                _ = try second[0]
                invariant(false, "index 0 of an empty list did not throw")
            } catch let error as SocketError {
                invariant(error.description.contains("IndexError"), "wrong error: \(error)")
            }
        }
    ),
    (
        "manager-shutdown-ends-the-server",
        {
            let manager = try ListManager.start()
            manager.shutdown()
            invariant(kill(manager.serverPID, 0) == -1, "the server process is still there")
        }
    ),
]

let arguments = CommandLine.arguments
guard arguments.count == 2, let scenario = scenarios.first(where: { $0.name == arguments[1] }) else {
    print("usage: PrimitiveScenarios NAME\nscenarios:\n" + scenarios.map { "  " + $0.name }.joined(separator: "\n"))
    exit(2)
}
do {
    try scenario.run()
    print("ok")
} catch {
    print("error: \(error)")
    exit(1)
}
