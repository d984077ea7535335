import Foundation

/// Progress on a terminal: one line, rewritten in place.
public final class LiveProgress: RunProgress, @unchecked Sendable {
    private let lock = NSLock()

    public init() {}

    public func started(_ id: String, running: Int, done: Int, total: Int) {
        show("[\(done)/\(total)] running \(id)…")
    }

    public func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int) {
        show(done == total ? nil : "[\(done)/\(total)] \(ProgressText.describe(id, outcome))")
    }

    private func show(_ line: String?) {
        lock.withLock {
            let text = "\r\u{1B}[2K" + (line ?? "")
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

/// Progress in a log: one plain line per finished example.
public final class LineProgress: RunProgress, @unchecked Sendable {
    private let lock = NSLock()

    public init() {}

    public func started(_ id: String, running: Int, done: Int, total: Int) {}

    public func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int) {
        lock.withLock {
            FileHandle.standardError.write(Data("[\(done)/\(total)] \(ProgressText.describe(id, outcome))\n".utf8))
        }
    }
}

enum ProgressText {
    static func describe(_ id: String, _ outcome: RunOutcome) -> String {
        switch outcome {
        case .couldNotStart(let error):
            return "\(id): could not start: \(error)"
        case .ran(let run):
            let how: String
            switch run.termination {
            case _ where run.timedOut: how = "timed out"
            case .exited(let code): how = "exit \(code)"
            case .signaled(let signal): how = SignalName.name(signal)
            }
            return "\(id): \(how), \(ExampleJudge.formatSeconds(run.seconds)) s\(run.cached ? " (cached)" : "")"
        }
    }
}
