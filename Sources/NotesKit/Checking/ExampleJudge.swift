import ExampleKit
import Foundation

/// Judges one example's run against its expectations.
enum ExampleJudge {
    static func judge(
        _ example: Example, _ outcome: RunOutcome?, at location: SourceLocation
    ) -> (ExampleReport, [Diagnostic]) {
        var report = ExampleReport(
            id: example.id, kind: ExampleReport.Kind(example.kind), source: DisplayPath.relative(example.sourcePath),
            stale: false, status: .passed, reason: nil, run: nil, launchError: nil,
            expectations: [])
        var diagnostics: [Diagnostic] = []
        let name = "example '\(example.id)'"
        func fail(_ status: CheckStatus, _ reason: String, details: [String] = [], isProblem: Bool = true) {
            if report.status == .passed {
                report.status = status
                report.reason = reason
            }
            var diagnostic = Diagnostic.error("\(name) \(reason)", at: location, details: details)
            diagnostic.example = example.id
            diagnostics.append(diagnostic)
            if isProblem { report.problems.append(.init(reason: reason, details: details)) }
        }

        switch outcome {
        case nil:
            fail(.failed, "was not run")
        case .couldNotStart(let error):
            report.launchError = error.description
            fail(.failed, "could not start: \(error)")
        case .ran(let run):
            report.run = run
            var expectations = example.expectations
            if case .compileFailure(let diagnostic) = example.kind {
                expectations.insert(.standardErrorContains(diagnostic), at: 0)
            }
            // A run stopped at its timeout is reported once, as a timeout;
            // its partial output is shown but not judged.
            if !run.timedOut {
                report.expectations = expectations.map {
                    $0.evaluate(stdout: run.stdout, stderr: run.stderr, trace: run.trace)
                }
            }

            let seconds = SecondsText.format(run.seconds)
            if run.timedOut {
                fail(
                    .timeout,
                    "timed out after \(run.limit.map(SecondsText.format) ?? seconds) s; its process group was terminated",
                    details: tail(run, lines: 6))
            } else if case .signaled(let signal) = run.termination {
                fail(
                    .crashed, "crashed with \(SignalName.describe(signal))", details: tail(run, lines: 8, stdout: false)
                )
            } else if case .exited(let code) = run.termination {
                if example.kind.isCompileFailure {
                    if code == 0 { fail(.failed, "compiled without error, but the compiler must reject it") }
                } else if code != 0 {
                    fail(.failed, "exited with status \(code)", details: tail(run, lines: 8, stdout: false))
                }
            }
            if !run.timedOut, run.termination == .exited(0), !example.kind.isCompileFailure,
                example.expectations.isEmpty, example.sameOutput == nil
            {
                // An example that checks nothing would pass whatever it printed.
                fail(
                    .failed,
                    "checks nothing yet: give it an expectation, or run `notes new --record \(example.id)`",
                    isProblem: true)
            }
            if run.leftoverProcesses {
                fail(.failed, "left processes running after it exited; they were terminated")
            }
            for result in report.expectations where !result.passed {
                fail(
                    .failed, "printed unexpected output: expected \(result.summary)", details: result.details,
                    isProblem: false)
            }
            for (stream, dropped) in [("stdout", run.stdoutDropped), ("stderr", run.stderrDropped)] where dropped > 0 {
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "\(name) wrote too much to \(stream): \(dropped) bytes past the cap were dropped", at: location)
                )
            }
            for index in diagnostics.indices { diagnostics[index].example = example.id }
        }
        return (report, diagnostics)
    }

    /// The last lines of a run's output, for a diagnostic.
    private static func tail(_ run: RunResult, lines: Int, stdout: Bool = true) -> [String] {
        var shown: [String] = []
        if stdout, !run.stdout.isEmpty {
            shown += ["stdout:"] + run.stdout.outputLines.suffix(lines).map { "  " + LineDiff.quoted($0) }
        }
        if !run.stderr.isEmpty {
            shown += ["stderr:"] + cause(in: run.stderr, lines: lines).map { "  " + LineDiff.quoted($0) }
        }
        return shown
    }

    /// The last lines of stderr before a stack trace begins: the message
    /// that says why (`Fatal error: Index out of range`), not the frames
    /// after it (`<unavailable> + 4116`).
    static func cause(in stderr: String, lines: Int) -> [String] {
        let all = stderr.outputLines
        let traceStarts = ["Current stack trace:", "Stack dump:", "Backtrace:", "💣 Program crashed"]
        let end = all.firstIndex { line in traceStarts.contains { line.hasPrefix($0) } } ?? all.count
        let before = all[..<end]
        return Array((before.isEmpty ? all[...] : before).suffix(lines))
    }
}
