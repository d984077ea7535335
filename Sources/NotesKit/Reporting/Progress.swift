import Foundation

/// How a long check tells the user where it is, on standard error.
public enum ProgressStyle: Sendable {
    /// Nothing.
    case quiet
    /// One line, rewritten in place: for a terminal.
    case live
    /// One plain line per finished example: for a log.
    case lines

    /// `live` on a terminal, `lines` otherwise.
    public static var forStandardError: ProgressStyle { isatty(2) == 1 ? .live : .lines }

    var reporter: (any RunProgress)? {
        switch self {
        case .quiet: nil
        case .live: LiveProgress()
        case .lines: LineProgress()
        }
    }
}

/// Progress on a terminal: one line, rewritten in place.
final class LiveProgress: RunProgress, @unchecked Sendable {
    private let lock = NSLock()

    init() {}

    func started(_ id: String, running: Int, done: Int, total: Int) {
        show("[\(done)/\(total)] running \(id)…")
    }

    func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int) {
        show(done == total ? nil : "[\(done)/\(total)] \(ProgressText.describe(id, outcome))")
    }

    private func show(_ line: String?) {
        lock.withLock {
            let text = "\r\u{1B}[2K" + TerminalText.safe(line ?? "")
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

/// Progress in a log: one plain line per finished example.
final class LineProgress: RunProgress, @unchecked Sendable {
    private let lock = NSLock()

    init() {}

    func started(_ id: String, running: Int, done: Int, total: Int) {}

    func finished(_ id: String, _ outcome: RunOutcome, done: Int, total: Int) {
        lock.withLock {
            let line = TerminalText.safe("[\(done)/\(total)] \(ProgressText.describe(id, outcome))")
            FileHandle.standardError.write(Data((line + "\n").utf8))
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
            return "\(id): \(how), \(SecondsText.format(run.seconds)) s\(run.cached ? " (cached)" : "")"
        }
    }
}
