import ExampleKit
import Foundation

extension Observation {
    /// Whether `run` shows this.
    func isShown(by run: RunResult) -> Bool {
        switch self {
        case .output(let expectation):
            return expectation.evaluate(stdout: run.stdout, stderr: run.stderr, trace: run.trace).passed
        case .crashes(let pattern):
            guard !run.timedOut, run.termination != .exited(0) else { return false }
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.firstMatch(in: run.stderr)) != nil
        case .neverEnds:
            return run.timedOut
        case .printsNothing:
            return !run.timedOut && run.stdout.isEmpty
        case .endsNormally:
            return !run.timedOut && run.termination == .exited(0)
        }
    }

    /// What the run must show, in Chinese, for the page.
    var summaryZH: String {
        switch self {
        case .output(let expectation): expectation.summaryZH
        case .crashes(let pattern): "运行出错退出，stderr 里有 /\(pattern)/"
        case .neverEnds: "到了时限还在运行（不会自己结束）"
        case .printsNothing: "自己结束，stdout 什么也没有"
        case .endsNormally: "自己结束，退出码为 0"
        }
    }

    /// The same in English, for the command line.
    var summary: String {
        switch self {
        case .output(let expectation): expectation.summary
        case .crashes(let pattern): "it exits with an error and stderr matches /\(pattern)/"
        case .neverEnds: "it is still running at its timeout"
        case .printsNothing: "it ends by itself and prints nothing"
        case .endsNormally: "it ends by itself with status 0"
        }
    }

    /// The regular expressions it uses, for validating a registry.
    var patterns: [String] {
        switch self {
        case .output(let expectation): expectation.patterns
        case .crashes(let pattern): [pattern]
        case .neverEnds, .printsNothing, .endsNormally: []
        }
    }
}
