import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// Runs each example as a shell script instead of a Swift function.
struct ScriptLauncher: ExampleLauncher {
    var scripts: [String: String]

    func command(for example: Example) throws(LaunchError) -> Command {
        guard let script = scripts[example.id] else { throw .noCommand(example.id) }
        return Command("/bin/sh", ["-c", script])
    }

    func identity(for example: Example) throws(LaunchError) -> String {
        scripts[example.id] ?? ""
    }
}

func scriptExample(
    _ id: String, timeout: Duration? = nil, expect: [ExampleKit.Expectation] = []
) -> Example {
    Example(
        id, ports: BlockLocator(note: "n.md", heading: id), fingerprint: "-", source: "\(id).swift",
        expect: expect, timeout: timeout, main: { _ in })
}

@Suite("Running examples in parallel, with a cache", .hangGuard)
struct RunnerTests {
    @Test func everyExampleRunsOnceAndReportsProgress() throws {
        let ids = (1...6).map { "e\($0)" }
        let launcher = ScriptLauncher(
            scripts: Dictionary(uniqueKeysWithValues: ids.map { ($0, "sleep 0.1; echo \($0)") }))
        let progress = Recorder()
        let outcomes = Runner(launcher: launcher, jobs: 3).run(ids.map { scriptExample($0) }, progress: progress)
        #expect(Set(outcomes.keys) == Set(ids))
        for id in ids {
            guard case .ran(let result) = outcomes[id] else {
                Issue.record("\(id) did not run")
                continue
            }
            #expect(result.stdout == "\(id)\n")
        }
        #expect(progress.finished.sorted() == ids.sorted())
    }

    /// Each script waits until `jobs` scripts have started (a file each in
    /// a shared folder), then says whether they all met. A runner that runs
    /// fewer at once than it may leaves the first one waiting alone until
    /// its patience runs out; one that runs more overshoots the count.
    @Test(arguments: [1, 3])
    func runsExactlyJobsExamplesAtOnce(jobs: Int) {
        Support.withTemporaryFolder { folder in
            let ids = (1...(jobs * 2)).map { "e\($0)" }
            let script = { (id: String) in
                """
                touch '\(folder.path)/\(id)'; n=0
                while [ "$(ls '\(folder.path)' | wc -l)" -lt \(jobs) ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n+1)); done
                [ "$(ls '\(folder.path)' | wc -l)" -ge \(jobs) ] && echo met || echo alone
                """
            }
            let launcher = ScriptLauncher(scripts: Dictionary(uniqueKeysWithValues: ids.map { ($0, script($0)) }))
            let progress = Recorder()
            let outcomes = Runner(launcher: launcher, jobs: jobs).run(ids.map { scriptExample($0) }, progress: progress)
            for id in ids {
                guard case .ran(let result) = outcomes[id] else {
                    Issue.record("\(id) did not run")
                    continue
                }
                #expect(result.stdout == "met\n", "\(id) waited alone: the runner did not run \(jobs) at once")
            }
            #expect(progress.maxRunning == jobs)
        }
    }

    @Test func perExampleTimeoutAndOverride() {
        let launcher = ScriptLauncher(scripts: ["slow": "sleep 5"])
        let limits = RunLimits(timeout: .seconds(30), grace: .milliseconds(100))
        let own = Runner(launcher: launcher, limits: limits).run([scriptExample("slow", timeout: .milliseconds(300))])
        guard case .ran(let first) = own["slow"] else {
            Issue.record("did not run")
            return
        }
        #expect(first.timedOut)
        let overridden = Runner(launcher: launcher, limits: limits, timeoutOverride: .milliseconds(200))
            .run([scriptExample("slow", timeout: .seconds(30))])
        guard case .ran(let second) = overridden["slow"] else {
            Issue.record("did not run")
            return
        }
        #expect(second.timedOut)
    }

    @Test func anUnchangedRerunComesFromTheCache() throws {
        try Support.withTemporaryFolder { folder throws in
            let counter = folder.appendingPathComponent("runs").path
            let launcher = ScriptLauncher(scripts: ["count": "echo x >> '\(counter)'; echo counted"])
            let cache = RunCache(directory: folder.appendingPathComponent("cache").path)
            let runner = Runner(launcher: launcher, cache: cache)
            let first = runner.run([scriptExample("count")])
            let second = runner.run([scriptExample("count")])
            guard case .ran(let a) = first["count"], case .ran(let b) = second["count"] else {
                Issue.record("did not run")
                return
            }
            #expect(!a.cached && b.cached)
            #expect(a.stdout == b.stdout)
            #expect(try String(contentsOfFile: counter, encoding: .utf8) == "x\n")

            // A different limit is a different key; no cache runs it again.
            _ = Runner(launcher: launcher, limits: RunLimits(outputCap: 10), cache: cache).run([scriptExample("count")])
            _ = Runner(launcher: launcher).run([scriptExample("count")])
            #expect(try String(contentsOfFile: counter, encoding: .utf8) == "x\nx\nx\n")
        }
    }

    /// A run whose checks fail is never cached: a port that fails only
    /// sometimes (its first run here) runs again on the next check, and
    /// its later pass is cached and replayed.
    @Test func aFailureIsNeverReplayedFromTheCache() throws {
        try Support.withTemporaryFolder { folder throws in
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            try Data("## flaky\n\n```python\nprint('ok')\n```\n".utf8).write(to: notes.appendingPathComponent("n.md"))
            let counter = folder.appendingPathComponent("runs").path
            // Prints `bad` on its first run, `ok` after.
            let script = "echo x >> '\(counter)'; [ \"$(wc -l < '\(counter)')\" -gt 1 ] && echo ok || echo bad"
            let fingerprint = Fingerprint.of("print('ok')")
            let example = Example(
                "flaky", ports: BlockLocator(note: "n.md", heading: "flaky"), fingerprint: fingerprint,
                source: "F.swift", expect: [.exactOutput("ok\n")], main: { _ in })
            let registry = ExampleRegistry(examples: [example])
            let runner = Runner(
                launcher: ScriptLauncher(scripts: ["flaky": script]),
                cache: RunCache(directory: folder.appendingPathComponent("cache").path))
            let statuses = try (0..<3).map { _ in
                try Pipeline.check(notes: notes.path, registry: registry, runner: runner).blocks[0].status
            }
            #expect(statuses == [.failed, .passed, .passed])
            // Three checks, two runs: the failure was forgotten, the pass replayed.
            #expect(try String(contentsOfFile: counter, encoding: .utf8) == "x\nx\n")
        }
    }

    /// `notes serve` after one port changed: the other examples keep the
    /// previous binary's results, the changed one runs afresh, and with no
    /// carry-over every example misses the cache of a new binary.
    @Test func aCarriedOverBinaryKeepsTheResultsOfExamplesNotRunAfresh() throws {
        struct Binary: ExampleLauncher {
            // The same command line for every version, as for a rebuilt `.build/debug/notes`.
            var version: String
            var counter: String
            func command(for example: Example) throws(LaunchError) -> Command {
                Command(
                    "/bin/sh",
                    ["-c", "echo \(example.id) >> '\(counter)'; printf '\(example.id) '; cat '\(counter).version'"])
            }
            func identity(for example: Example) throws(LaunchError) -> String { "binary " + version }
        }
        try Support.withTemporaryFolder { folder throws in
            let counter = folder.appendingPathComponent("runs").path
            let cache = RunCache(directory: folder.appendingPathComponent("cache").path)
            let examples = ["changed", "other"].map { scriptExample($0) }
            func jobs(_ runner: Runner) -> [RunJob] {
                examples.map { example in
                    var job = RunJob.example(example, launcher: runner.launcher, limits: runner.limits)
                    job.fresh = example.id == "changed"
                    return job
                }
            }
            func runs() throws -> [String] {
                try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").map(String.init)
            }
            try "1\n".write(toFile: counter + ".version", atomically: true, encoding: .utf8)
            _ = Runner(launcher: Binary(version: "1", counter: counter), cache: cache).run(examples)
            try "2\n".write(toFile: counter + ".version", atomically: true, encoding: .utf8)
            #expect(try runs().sorted() == ["changed", "other"])

            var second = Runner(launcher: Binary(version: "2", counter: counter), cache: cache)
            second.carryOverBinary = "1"
            let outcomes = second.run(jobs(second))
            #expect(try runs().sorted() == ["changed", "changed", "other"])
            guard case .ran(let other) = outcomes[.example("other")],
                case .ran(let changed) = outcomes[.example("changed")]
            else {
                Issue.record("did not run")
                return
            }
            #expect(other.cached && other.stdout == "other 1\n")
            #expect(!changed.cached && changed.stdout == "changed 2\n")

            // Stored under the new binary too: the next build hits without carrying over.
            _ = Runner(launcher: Binary(version: "2", counter: counter), cache: cache).run([examples[1]])
            #expect(try runs().count == 3)
            // Without a carry-over, a third binary runs everything.
            _ = Runner(launcher: Binary(version: "3", counter: counter), cache: cache).run(examples)
            #expect(try runs().count == 5)
        }
    }

    @Test func aCorruptCacheEntryIsAMiss() throws {
        try Support.withTemporaryFolder { folder throws in
            let cache = RunCache(directory: folder.path)
            let key = cache.key(identity: "i", command: Command("/bin/true"), limits: RunLimits())
            try Data("{not json".utf8).write(to: folder.appendingPathComponent("\(key).json"))
            #expect(cache.load(key, limits: RunLimits()) == nil)
        }
    }

    /// An entry someone or something changed after it was written is a
    /// miss: edited output (checksum), output past the cap it claims to be
    /// under, or an entry written for other limits.
    @Test func aTamperedCacheEntryIsAMiss() throws {
        try Support.withTemporaryFolder { folder throws in
            let cache = RunCache(directory: folder.path)
            let limits = RunLimits(outputCap: 8)
            let key = cache.key(identity: "i", command: Command("/bin/true"), limits: limits)
            let file = folder.appendingPathComponent("\(key).json")
            cache.store(.passing("ok\n"), key, limits: limits)
            #expect(cache.load(key, limits: limits)?.stdout == "ok\n")
            #expect(cache.load(key, limits: RunLimits(outputCap: 9)) == nil)

            let stored = try String(contentsOf: file, encoding: .utf8)
            try stored.replacingOccurrences(of: #"ok\\n"#, with: #"no\\n"#).write(
                to: file, atomically: true, encoding: .utf8)
            #expect(try String(contentsOf: file, encoding: .utf8) != stored)
            #expect(cache.load(key, limits: limits) == nil)

            cache.store(.passing("far more than eight bytes\n"), key, limits: limits)
            #expect(cache.load(key, limits: limits) == nil)
        }
    }

    /// A run stopped from outside (an interrupt, the out-of-memory killer)
    /// is never replayed; a crash of the program's own is, and so is a
    /// timeout, whose SIGTERM the runner sent.
    @Test func onlyARunsOwnOutcomeIsCached() {
        func signaled(_ signal: Int32, timedOut: Bool = false) -> RunResult {
            var result = RunResult.passing("")
            result.termination = .signaled(signal)
            result.timedOut = timedOut
            return result
        }
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGKILL] { #expect(!Runner.isWorthCaching(signaled(signal))) }
        for signal in [SIGSEGV, SIGILL, SIGABRT, SIGTRAP] { #expect(Runner.isWorthCaching(signaled(signal))) }
        #expect(Runner.isWorthCaching(signaled(SIGTERM, timedOut: true)))
        #expect(Runner.isWorthCaching(.failing(status: 3)))
    }

    @Test func aLaunchErrorIsAnOutcome() {
        let outcomes = Runner(launcher: ScriptLauncher(scripts: [:])).run([scriptExample("missing")])
        #expect(outcomes["missing"] == .couldNotStart(.noCommand("missing")))
    }

    final class Recorder: RunProgress, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var finished: [String] = []
        private(set) var maxRunning = 0

        func started(_ id: String, running: Int, done: Int, total: Int) {
            lock.withLock { maxRunning = max(maxRunning, running) }
        }

        func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int) {
            lock.withLock { finished.append(id) }
        }
    }
}
