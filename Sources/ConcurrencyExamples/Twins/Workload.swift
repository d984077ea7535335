import ExampleKit
import Synchronization

/// The workload mode that `scripts/benchmark` uses to compare a twin with
/// its faithful port on real work, from one run of each.
///
/// With `--workload` among its arguments an example does no sleeps and
/// prints nothing but one line, `workload: <per second> <unit>/s`, and
/// exits 0. `--workload N` sets the size of the work (what N counts is
/// the example's to say: items through a queue, increments by each task,
/// tasks through a pool, round trips per client).
enum Workload {
    /// Tiny tasks through a pool when no N is given (blocks 9 and 10).
    static let standardTasks = 100_000

    /// N tiny tasks through a pool, if asked for (blocks 9 and 10).
    static func tasks(in context: ExampleContext) throws -> Int? {
        try size(in: context, default: standardTasks)
    }

    /// K round trips per client of an echo server, if asked for
    /// (blocks 11 and 12).
    static func roundTrips(in context: ExampleContext) throws -> Int? {
        try size(in: context, default: EchoClients.standardRoundTrips)
    }

    /// The workload's size if the arguments ask for one: the number
    /// after `--workload`, or `defaultSize` when no number follows.
    /// - Throws: ``ExampleContext/ArgumentError`` for `--workload`
    ///   followed by neither a positive number nor an option.
    static func size(
        in context: ExampleContext, default defaultSize: Int
    ) throws -> Int? {
        let arguments = context.arguments
        guard let index = arguments.firstIndex(of: "--workload") else {
            return nil
        }
        guard let next = arguments.dropFirst(index + 1).first,
            !next.hasPrefix("--")
        else { return defaultSize }
        guard let size = Int(next), size > 0 else {
            throw ExampleContext.ArgumentError(
                "--workload takes a positive number, not '\(next)'")
        }
        return size
    }

    /// Runs `body`, which does `count` units of work, and prints the rate.
    static func measure(
        _ count: Int, unit: String, _ body: () throws -> Void
    ) rethrows {
        report(
            count, unit, in: try ContinuousClock().measure(body).seconds
        )
    }

    /// Runs `body`, which does `count` units of work, and prints the rate.
    static func measure(
        _ count: Int, unit: String, _ body: () async throws -> Void
    ) async rethrows {
        let elapsed = try await ContinuousClock().measure(body)
        report(count, unit, in: elapsed.seconds)
    }

    /// Prints the one line: `count` units done in `seconds`.
    static func report(_ count: Int, _ unit: String, in seconds: Double)
    {
        let rate = Int((Double(count) / max(seconds, 1e-9)).rounded())
        print("workload: \(rate) \(unit)/s")
    }

    /// The seconds `body` took.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = monotonicSeconds()
        try body()
        return monotonicSeconds() - start
    }

    /// Work that came out wrong: an item lost, out of order, a wrong sum.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// The tiny task of the ports' workloads: it counts itself.
    final class Counter: Sendable {
        private let count = Atomic(0)

        func increment() { count.add(1, ordering: .relaxed) }

        var value: Int { count.load(ordering: .acquiring) }
    }
}

extension Workload {
    /// The pool twins' workload (blocks 9 and 10): `count` tiny jobs
    /// through ``HandmadeThreadPoolTwin/pool(_:_:)`` of 3, for the
    /// notes' `MyThread(3)` and `ThreadPool(3)`; prints the one line.
    static func throughTaskGroupPool(_ count: Int) async {
        let one: HandmadeThreadPoolTwin.Job<Int> = { 1 }
        let start = monotonicSeconds()
        let ones = await HandmadeThreadPoolTwin.pool(
            3, repeatElement(one, count: count))
        let seconds = monotonicSeconds() - start
        invariant(ones.reduce(0, +) == count, "有作业没有运行")
        report(count, "tasks", in: seconds)
    }
}

extension LockedCounterTwin {
    /// The lock twin's workload (block 5): every update is its own call
    /// on the actor, as every update of the port's takes its lock.
    static func contendedUpdates(iterations: Int) async -> Int {
        let counter = Counter()
        await withDiscardingTaskGroup { group in
            for delta in [1, -1] {
                group.addTask {
                    for _ in 0..<iterations { await counter.add(delta) }
                }
            }
        }
        return await counter.value
    }
}

extension LockedCounterTwin.Counter {
    /// One update: the workload's unit.
    func add(_ delta: Int) { value += delta }
}
