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
    /// Runs the notes' own code for the blocks a review names.
    var originals: OriginalLauncher
    /// Earlier durations, to start the longest runs first.
    var history: RunHistory?
    /// Whether the runs of a block whose checks failed are dropped from the
    /// cache (``forget(_:)``). Only tests that replay a fixture whose
    /// blocks fail on purpose keep them.
    var forgetsFailures = true
    /// The SHA-256 of an earlier build of the examples binary whose cached
    /// results still hold for the examples not run afresh (`notes serve`
    /// after a port changed: only that port's examples are affected).
    public var carryOverBinary: String?

    /// - Parameters:
    ///   - launcher: How each example becomes a process.
    ///   - jobs: How many examples run at once.
    ///   - limits: Limits for examples that do not set their own timeout.
    ///   - timeoutOverride: When set, the timeout for every example.
    ///   - cache: Where earlier results are kept; nil to run everything afresh.
    ///   - python: False never runs the notes' own code (`--no-python`).
    ///   - historyDirectory: Where earlier durations are kept (the cache
    ///     folder, used for the order of runs even when `cache` is nil).
    public init(
        launcher: SelfLauncher, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: RunLimits = RunLimits(), timeoutOverride: Duration? = nil, cache: RunCache? = nil,
        python: Bool = true, historyDirectory: String? = nil
    ) {
        var launcher = launcher
        launcher.facts = cache
        self.init(
            launcher: launcher as any ExampleLauncher, jobs: jobs, limits: limits, timeoutOverride: timeoutOverride,
            cache: cache, originals: OriginalLauncher(enabled: python, facts: cache))
        history = historyDirectory.map(RunHistory.init(directory:))
    }

    init(
        launcher: any ExampleLauncher, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: RunLimits = RunLimits(), timeoutOverride: Duration? = nil, cache: RunCache? = nil,
        originals: OriginalLauncher = OriginalLauncher(enabled: false)
    ) {
        self.originals = originals
        self.launcher = launcher
        self.jobs = max(1, jobs)
        self.limits = limits
        self.timeoutOverride = timeoutOverride
        self.cache = cache
    }

    /// Everything of this runner that can change a build's results, for
    /// ``LastBuild``'s stamp; the number of jobs changes none.
    var stampDescription: String {
        let timeout = timeoutOverride.map { "\($0)" } ?? "-"
        return "\(type(of: launcher)) \(limits) timeout \(timeout) carry \(carryOverBinary ?? "-")\n\(originals.stamp)"
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

    /// Every run the blocks need: their examples, and the notes' own code
    /// with its probes where a review names the block and the block is
    /// cleared to run (``Clearance``: the text reviewed, in the note the
    /// registry names). Nothing else from the notes ever runs.
    /// - Parameter examples: Which examples run; the notes' code runs only
    ///   when all of a block's examples do (not for `--example ID`).
    func jobs(for blocks: [BoundBlock], examples: (String) -> Bool = { _ in true }) -> [RunJob] {
        var jobs: [RunJob] = []
        for block in blocks {
            let chosen = block.examples.filter { examples($0.id) }
            jobs += chosen.map { RunJob.example($0, launcher: launcher, limits: limits(for: $0)) }
            if let review = block.review, block.clearance == .cleared, chosen.count == block.examples.count {
                jobs += originals.jobs(
                    block: block.key, label: "\(block.path):\(block.block.line)", code: block.block.code, review: review
                )
            }
        }
        return jobs
    }

    /// Runs every example and returns the outcomes by example id.
    func run(_ examples: [Example], progress: (any RunProgress)? = nil) -> [String: RunOutcome] {
        let jobs = examples.map { RunJob.example($0, launcher: launcher, limits: limits(for: $0)) }
        var outcomes: [String: RunOutcome] = [:]
        for (key, outcome) in run(jobs, progress: progress) {
            if case .example(let id) = key { outcomes[id] = outcome }
        }
        return outcomes
    }

    /// Runs every job, `jobs` at a time, the longest expected first, and
    /// returns the outcomes by key.
    func run(_ jobs: [RunJob], progress: (any RunProgress)? = nil) -> [RunJob.Key: RunOutcome] {
        let earlier = history?.load() ?? [:]
        var jobs = jobs
        for index in jobs.indices {
            if let seconds = earlier[jobs[index].label] { jobs[index].expectedSeconds = seconds }
        }
        let ordered = jobs.enumerated().sorted {
            ($0.element.expectedSeconds, -$0.offset) > ($1.element.expectedSeconds, -$1.offset)
        }.map(\.element)
        let state = SharedState(total: ordered.count)
        let group = DispatchGroup()
        for _ in 0..<min(self.jobs, ordered.count) {
            DispatchQueue.global().async(group: group) {
                while let index = state.claimNext() {
                    let job = ordered[index]
                    progress?.started(job.label, running: state.running, done: state.done, total: ordered.count)
                    let outcome = runCached(job)
                    let done = state.finish(job.key, outcome)
                    progress?.finished(job.label, outcome, done: done, total: ordered.count)
                }
            }
        }
        group.wait()
        // An interrupt stops the runs early: their outcomes mean nothing,
        // and the signal handler is about to end the process.
        Interruption.waitForExitIfInterrupted()
        let outcomes = state.outcomes
        var durations: [String: Double] = [:]
        for job in jobs {
            if case .ran(let result) = outcomes[job.key], !result.cached { durations[job.label] = result.seconds }
        }
        history?.record(durations)
        return outcomes
    }

    private func runCached(_ job: RunJob) -> RunOutcome {
        do throws(LaunchError) {
            let command = try job.command.get()
            let key = try cache.map { cache throws(LaunchError) in
                cache.key(identity: try job.identity(), command: command, limits: job.limits)
            }
            if let cache, let key, !job.fresh, let hit = cache.load(key, limits: job.limits) { return .ran(hit) }
            if let cache, let key, !job.fresh, let earlier = carryOverBinary, try job.identity().hasPrefix("binary "),
                let hit = cache.load(
                    cache.key(identity: "binary " + earlier, command: command, limits: job.limits), limits: job.limits)
            {
                cache.store(hit, key, limits: job.limits)
                return .ran(hit)
            }
            let result = try Workspace.run(
                command, limits: job.limits, files: job.workspace, transcript: job.transcript)
            if job.sandboxed, let reason = Sandbox.unavailableReason(result) { throw .noSandbox(reason) }
            if let cache, let key, Self.isWorthCaching(result), !Interruption.isInterrupted {
                cache.store(result, key, limits: job.limits)
            }
            return .ran(result)
        } catch {
            return .couldNotStart(error)
        }
    }

    /// Forgets what the cache holds of `jobs`: the runs of a block whose
    /// checks failed are run again next time, never replayed, so that a
    /// failure that happens only sometimes is not kept as if it always did.
    func forget(_ jobs: [RunJob]) {
        guard let cache, forgetsFailures else { return }
        for job in jobs {
            guard let command = try? job.command.get(), let identity = try? job.identity() else { continue }
            cache.remove(cache.key(identity: identity, command: command, limits: job.limits))
        }
    }

    /// Whether a result is the run's own outcome, to be replayed by later
    /// checks. A run ended by SIGINT, SIGTERM, SIGHUP or SIGKILL was
    /// stopped from outside (an interrupt, the out-of-memory killer),
    /// unless the runner sent that signal for the run's own timeout; such a
    /// run is never cached. A crash of the program's own making (SIGSEGV,
    /// SIGILL, SIGABRT, SIGTRAP) is an outcome, and is.
    static func isWorthCaching(_ result: RunResult) -> Bool {
        guard case .signaled(let signal) = result.termination, !result.timedOut else { return true }
        return ![SIGINT, SIGTERM, SIGHUP, SIGKILL].contains(signal)
    }

    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var active = 0
        private var finished = 0
        private var results: [RunJob.Key: RunOutcome] = [:]
        let total: Int

        init(total: Int) { self.total = total }

        var running: Int { lock.withLock { active } }
        var done: Int { lock.withLock { finished } }
        var outcomes: [RunJob.Key: RunOutcome] { lock.withLock { results } }

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

        func finish(_ key: RunJob.Key, _ outcome: RunOutcome) -> Int {
            lock.withLock {
                results[key] = outcome
                active -= 1
                finished += 1
                return finished
            }
        }
    }
}
