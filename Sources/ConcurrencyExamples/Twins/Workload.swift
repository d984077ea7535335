import ExampleKit
import Synchronization

/// The `--workload [N]` mode of the pools and echo servers (blocks 9
/// to 12), ports and twins alike. `scripts/benchmark` uses it to
/// compare a twin with its faithful port from one run: no sleeps, one
/// real workload, and exactly one line on stdout,
/// `workload: <rate> <unit>/s`.
enum Workload {
    /// Tiny tasks through a pool when no N is given.
    static let standardTasks = 100_000

    /// N tiny tasks through a pool, if asked for (blocks 9 and 10).
    static func tasks(in context: ExampleContext) throws -> Int? {
        try size(in: context, standard: standardTasks)
    }

    /// K round trips per client of an echo server, if asked for
    /// (blocks 11 and 12).
    static func roundTrips(in context: ExampleContext) throws -> Int? {
        try size(in: context, standard: EchoClients.standardRoundTrips)
    }

    /// The workload's size if the arguments ask for one: the number
    /// after `--workload`, or `standard` when none follows.
    /// - Throws: ``ExampleContext/ArgumentError`` for `--workload`
    ///   followed by neither a positive number nor an option.
    static func size(
        in context: ExampleContext, standard: Int
    ) throws -> Int? {
        let arguments = context.arguments
        guard let index = arguments.firstIndex(of: "--workload") else {
            return nil
        }
        guard let next = arguments.dropFirst(index + 1).first,
            !next.hasPrefix("--")
        else { return standard }
        guard let size = Int(next), size > 0 else {
            throw ExampleContext.ArgumentError(
                "--workload takes a positive number, not '\(next)'")
        }
        return size
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
