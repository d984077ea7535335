import ExampleKit

/// The workload mode that `scripts/benchmark` uses to compare a twin with
/// its faithful port on real work, from one run of each.
///
/// With `--workload` among its arguments an example does no sleeps and
/// prints nothing but one line, `workload: <per second> <unit>/s`, and
/// exits 0. `--workload N` sets the size of the work (what N counts is
/// the example's to say: items through a queue, increments by each task).
enum Workload {
    /// The size of the work when the arguments ask for the workload,
    /// else nil.
    /// - Throws: ``ExampleContext/ArgumentError`` for `--workload` with a
    ///   value that is not a positive number.
    static func size(
        in context: ExampleContext, default defaultSize: Int
    ) throws -> Int? {
        guard context.arguments.contains("--workload") else {
            return nil
        }
        guard let given = context.value(of: "--workload"),
            !given.hasPrefix("-")
        else { return defaultSize }
        guard let size = Int(given), size > 0 else {
            throw ExampleContext.ArgumentError(
                "--workload takes a positive number, not '\(given)'")
        }
        return size
    }

    /// Runs `body`, which does `count` units of work, and prints the rate.
    static func measure(
        _ count: Int, unit: String, _ body: () throws -> Void
    ) rethrows {
        let elapsed = try ContinuousClock().measure(body)
        report(count, unit: unit, in: elapsed)
    }

    /// Runs `body`, which does `count` units of work, and prints the rate.
    static func measure(
        _ count: Int, unit: String, _ body: () async throws -> Void
    ) async rethrows {
        let elapsed = try await ContinuousClock().measure(body)
        report(count, unit: unit, in: elapsed)
    }

    private static func report(
        _ count: Int, unit: String, in elapsed: Duration
    ) {
        let perSecond = Double(count) / max(elapsed.seconds, 1e-9)
        print("workload: \(Int(perSecond.rounded())) \(unit)/s")
    }

    /// Work that came out wrong: an item lost, out of order, a wrong sum.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
