import ExampleKit
public import Foundation

/// How running one example ended.
enum RunOutcome: Sendable, Hashable {
    case ran(RunResult)
    case couldNotStart(LaunchError)
}

/// Told about runs as they start and finish, from worker threads.
protocol RunProgress: Sendable {
    func started(_ id: String, running: Int, done: Int, total: Int)
    func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int)
}

/// Runs examples, each in its own process, several at a time.
public struct Runner: Sendable {
    var launcher: any ExampleLauncher
    /// How many examples run at once.
    var jobs: Int
    /// Limits for examples that do not set their own timeout.
    var limits: RunLimits
    /// When set, the timeout for every example, overriding their own.
    var timeoutOverride: Duration?
    /// Nil to run everything afresh.
    var cache: RunCache?

    /// - Parameters:
    ///   - launcher: How each example becomes a process.
    ///   - jobs: How many examples run at once.
    ///   - limits: Limits for examples that do not set their own timeout.
    ///   - timeoutOverride: When set, the timeout for every example.
    ///   - cache: Where earlier results are kept; nil to run everything afresh.
    public init(
        launcher: SelfLauncher, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: RunLimits = RunLimits(), timeoutOverride: Duration? = nil, cache: RunCache? = nil
    ) {
        self.init(
            launcher: launcher as any ExampleLauncher, jobs: jobs, limits: limits, timeoutOverride: timeoutOverride,
            cache: cache)
    }

    init(
        launcher: any ExampleLauncher, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: RunLimits = RunLimits(), timeoutOverride: Duration? = nil, cache: RunCache? = nil
    ) {
        self.launcher = launcher
        self.jobs = max(1, jobs)
        self.limits = limits
        self.timeoutOverride = timeoutOverride
        self.cache = cache
    }

    func limits(for example: Example) -> RunLimits {
        var limits = self.limits
        limits.timeout = timeoutOverride ?? example.timeout ?? limits.timeout
        return limits
    }

    /// Runs one example, streaming its output to `onOutput` as it arrives.
    /// Never uses the cache.
    /// - Parameter arguments: Passed on to the example (e.g. `--port 8989`).
    func runLive(
        _ example: Example, arguments: [String] = [],
        onOutput: @escaping (ChildProcess.Stream, ArraySlice<UInt8>) -> Void
    ) -> RunOutcome {
        do throws(LaunchError) {
            var command = try launcher.command(for: example)
            command.arguments += arguments
            return .ran(try ChildProcess.run(command, limits: limits(for: example), onOutput: onOutput))
        } catch {
            return .couldNotStart(error)
        }
    }

    /// Runs every example and returns the outcomes by example id.
    func run(_ examples: [Example], progress: (any RunProgress)? = nil) -> [String: RunOutcome] {
        let state = SharedState(total: examples.count)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, examples.count) {
            DispatchQueue.global().async(group: group) {
                while let index = state.claimNext() {
                    let example = examples[index]
                    progress?.started(example.id, running: state.running, done: state.done, total: examples.count)
                    let outcome = runCached(example)
                    let done = state.finish(example.id, outcome)
                    progress?.finished(example.id, outcome, done: done, total: examples.count)
                }
            }
        }
        group.wait()
        return state.outcomes
    }

    private func runCached(_ example: Example) -> RunOutcome {
        do throws(LaunchError) {
            let command = try launcher.command(for: example)
            let limits = limits(for: example)
            let key = try cache.map { cache throws(LaunchError) in
                cache.key(identity: try launcher.identity(for: example), command: command, limits: limits)
            }
            if let cache, let key, let hit = cache.load(key) { return .ran(hit) }
            let result = try ChildProcess.run(command, limits: limits)
            if let cache, let key { cache.store(result, key) }
            return .ran(result)
        } catch {
            return .couldNotStart(error)
        }
    }

    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var active = 0
        private var finished = 0
        private var results: [String: RunOutcome] = [:]
        let total: Int

        init(total: Int) { self.total = total }

        var running: Int { lock.withLock { active } }
        var done: Int { lock.withLock { finished } }
        var outcomes: [String: RunOutcome] { lock.withLock { results } }

        func claimNext() -> Int? {
            lock.withLock {
                guard next < total else { return nil }
                defer {
                    next += 1
                    active += 1
                }
                return next
            }
        }

        func finish(_ id: String, _ outcome: RunOutcome) -> Int {
            lock.withLock {
                results[id] = outcome
                active -= 1
                finished += 1
                return finished
            }
        }
    }
}
