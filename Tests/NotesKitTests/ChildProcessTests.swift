import Foundation
import Testing

@testable import NotesKit

/// The runner on real processes: `/bin/sh` scripts that hang, crash, flood
/// and leave children behind. Every test checks that nothing it started
/// is still running afterwards.
@Suite("Running commands in their own process group", .hangGuard)
struct ChildProcessTests {
    func sh(
        _ script: String, timeout: Duration = .seconds(10), cap: Int = RunLimits.defaultOutputCap,
        grace: Duration = .milliseconds(300)
    ) throws -> (RunResult, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try ChildProcess.run(
            Command("/bin/sh", ["-c", script]),
            limits: RunLimits(timeout: timeout, outputCap: cap, grace: grace))
        return (result, clock.now - start)
    }

    @Test func exitStatusAndBothStreamsAreCaptured() throws {
        let (result, _) = try sh("echo out; echo err >&2; exit 3")
        #expect(result.termination == .exited(3))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(!result.timedOut && !result.leftoverProcesses)
    }

    @Test func stdinIsEmpty() throws {
        let (result, _) = try sh("cat; echo done")
        #expect(result.stdout == "done\n")
    }

    @Test func aHangIsTerminatedAtTheTimeoutWithItsOutputKept() throws {
        let (result, elapsed) = try sh("echo started; exec sleep 30", timeout: .milliseconds(500))
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.stdout == "started\n")
        #expect(elapsed < .seconds(5))
    }

    @Test func aChildIgnoringSIGTERMGetsSIGKILLAfterTheGrace() throws {
        let (result, elapsed) = try sh(
            "trap '' TERM; echo $$; while :; do sleep 0.05; done", timeout: .milliseconds(400))
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(elapsed < .seconds(5))
        #expect(try !isRunning(firstPid(result.stdout)))
    }

    @Test func aCrashReportsItsSignal() throws {
        let (result, _) = try sh("echo before; kill -SEGV $$")
        #expect(result.termination == .signaled(SIGSEGV))
        #expect(result.stdout == "before\n")
        #expect(SignalName.describe(SIGSEGV).hasPrefix("SIGSEGV (Segmentation fault)"))
    }

    @Test func aFloodIsCappedAndMarkedWithoutDeadlock() throws {
        let (result, elapsed) = try sh("yes abcdefg | head -c 5000000; yes 0123456 | head -c 3000000 >&2", cap: 1 << 20)
        #expect(result.termination == .exited(0))
        #expect(result.stdout.utf8.count == 1 << 20)
        #expect(result.stdoutDropped == 5_000_000 - (1 << 20))
        #expect(result.stderr.utf8.count == 1 << 20)
        #expect(result.stderrDropped == 3_000_000 - (1 << 20))
        #expect(result.stdout.hasPrefix("abcdefg\nabcdefg\n"))
        #expect(elapsed < .seconds(10))
    }

    @Test func aChildLeftRunningIsReportedAndKilled() throws {
        // The background sleep keeps stdout open, so waiting for the end of
        // the pipe would never return.
        let (result, elapsed) = try sh("sleep 300 & echo $!; exit 0")
        #expect(result.termination == .exited(0))
        #expect(result.leftoverProcesses)
        #expect(elapsed < .seconds(5))
        #expect(try !isRunning(firstPid(result.stdout)))
    }

    @Test func aDetachedChildWithoutThePipesIsStillFound() throws {
        let (result, elapsed) = try sh("sleep 300 </dev/null >/dev/null 2>&1 & echo $!")
        #expect(result.leftoverProcesses)
        #expect(elapsed < .seconds(5))
        #expect(try !isRunning(firstPid(result.stdout)))
    }

    @Test func childrenThatFinishInTimeAreNotLeftovers() throws {
        let (result, _) = try sh("(sleep 0.1; echo child) & wait; echo parent")
        #expect(!result.leftoverProcesses)
        #expect(result.stdout == "child\nparent\n")
    }

    @Test func aMissingProgramIsALaunchError() {
        #expect(throws: LaunchError.self) {
            try ChildProcess.run(Command("/no/such/program"), limits: RunLimits())
        }
        #expect(throws: LaunchError.self) {
            try ChildProcess.run(Command("no-such-program-anywhere"), limits: RunLimits())
        }
    }

    @Test func outputIsStreamedAsItArrives() throws {
        let chunks = Chunks()
        _ = try ChildProcess.run(Command("/bin/sh", ["-c", "echo one; sleep 0.1; echo two >&2"]), limits: RunLimits()) {
            stream, chunk in
            chunks.append(stream == .stdout ? "out:" : "err:", chunk)
        }
        #expect(chunks.text == "out:one\nerr:two\n")
    }

    final class Chunks: @unchecked Sendable {
        var text = ""
        func append(_ tag: String, _ chunk: ArraySlice<UInt8>) { text += tag + String(decoding: chunk, as: UTF8.self) }
    }
}

/// The first line of `text` as a process id.
func firstPid(_ text: String) throws -> pid_t {
    try #require(pid_t(text.split(separator: "\n").first ?? ""))
}

/// Whether `pid` is a live (not zombie) process.
func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}
