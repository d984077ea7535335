import ExampleKit

/// The verdict on one expectation.
struct ExpectationResult: Sendable, Hashable, Codable {
    /// What was checked, in words, for the command line.
    var summary: String
    /// The same in Chinese, for the page.
    var summaryZH: String
    var passed: Bool
    /// Why it failed: a diff, the first non-matching line.
    var details: [String]

    /// Whether it was judged on the run's trace (``Expectation/trace(_:)``).
    var isTraceCheck: Bool { summary.hasPrefix(Self.tracePrefix) }

    static let tracePrefix = "trace: "
}

extension Expectation {
    /// What this expectation checks, in words, for reports.
    var summary: String {
        switch self {
        case .exactOutput(let text): "stdout is exactly the expected \(text.outputLines.count) line(s)"
        case .recordedOutput(let text):
            "stdout is the \(text.outputLines.count) line(s) this port printed when recorded (a regression guard)"
        case .unorderedLines(let lines): "stdout is these \(lines.count) line(s), in any order"
        case .linePatterns(let patterns): "stdout is \(patterns.count) line(s), each matching its pattern"
        case .unorderedLinePatterns(let patterns):
            "stdout is \(patterns.count) line(s), in any order, each matching its own pattern"
        case .containsLine(let pattern): "a line of stdout matches /\(pattern)/"
        case .everyLine(let pattern): "every line of stdout matches /\(pattern)/"
        case .inOrder(let lines): "stdout has these \(lines.count) line(s) in this order"
        case .satisfies(let check): check.summary
        case .standardErrorContains(let pattern): "stderr contains /\(pattern)/"
        case .trace(let check): ExpectationResult.tracePrefix + check.summary
        }
    }

    /// What this expectation checks, in Chinese, for the page.
    var summaryZH: String {
        switch self {
        case .exactOutput(let text): "stdout 正好是预期的 \(text.outputLines.count) 行"
        case .recordedOutput(let text): "stdout 与录制时这个移植打印的 \(text.outputLines.count) 行相同（只防回退，不是笔记说法的证据）"
        case .unorderedLines(let lines): "stdout 是这 \(lines.count) 行，顺序不限"
        case .linePatterns(let patterns): "stdout 有 \(patterns.count) 行，每行符合各自的模式"
        case .unorderedLinePatterns(let patterns): "stdout 有 \(patterns.count) 行，顺序不限，每行符合一个不同的模式"
        case .containsLine(let pattern): "stdout 有一行符合 /\(pattern)/"
        case .everyLine(let pattern): "stdout 每一行都符合 /\(pattern)/"
        case .inOrder(let lines): "stdout 按这个顺序出现这 \(lines.count) 行"
        case .satisfies(let check): check.zh
        case .standardErrorContains(let pattern): "stderr 里有 /\(pattern)/"
        case .trace(let check): "运行轨迹：\(check.zh)"
        }
    }

    /// Checks captured output against this expectation.
    ///
    /// Each pattern is compiled once, not once per line. A pattern that does
    /// not compile fails the expectation and says why; ``Binder`` rejects
    /// such a registry before anything runs, so this is a second guard.
    func evaluate(stdout: String, stderr: String, trace: Trace? = nil) -> ExpectationResult {
        let regexes: [Regex<AnyRegexOutput>]
        do {
            regexes = try patterns.map { try Regex($0) }
        } catch {
            return ExpectationResult(
                summary: summary, summaryZH: summaryZH, passed: false, details: ["invalid pattern: \(error)"])
        }
        let actual = stdout.outputLines
        var details: [String] = []
        switch self {
        case .exactOutput(let text), .recordedOutput(let text):
            if stdout != text {
                details = LineDiff.lines(expected: text.outputLines, actual: actual)
                if details.isEmpty { details = ["(the difference is in the final line ending)"] }
            }
        case .unorderedLines(let lines):
            let missing = lines.subtracting(actual)
            let extra = actual.subtracting(lines)
            details =
                missing.prefix(6).map { "missing: \(LineDiff.quoted($0))" }
                + extra.prefix(6).map { "unexpected: \(LineDiff.quoted($0))" }
        case .linePatterns(let patterns):
            if patterns.count != actual.count {
                details.append("expected \(patterns.count) line(s), saw \(actual.count)")
            }
            for (index, line) in actual.prefix(regexes.count).enumerated() where !line.wholeMatches(regexes[index]) {
                details.append("line \(index + 1) “\(LineDiff.quoted(line))” does not match /\(patterns[index])/")
                break
            }
        case .unorderedLinePatterns(let patterns):
            if patterns.count != actual.count {
                details.append("expected \(patterns.count) line(s), saw \(actual.count)")
            }
            var unused = Array(regexes.indices)
            for line in actual {
                if let position = unused.firstIndex(where: { line.wholeMatches(regexes[$0]) }) {
                    unused.remove(at: position)
                } else if details.count < 6 {
                    details.append("unexpected: \(LineDiff.quoted(line))")
                }
            }
            details += unused.prefix(6).map { "no line matches /\(patterns[$0])/" }
        case .containsLine:
            if !actual.contains(where: { $0.wholeMatches(regexes[0]) }) {
                details = ["no line matches; stdout was:"] + actual.prefix(8).map { "  \(LineDiff.quoted($0))" }
            }
        case .everyLine:
            if let (index, line) = actual.enumerated().first(where: { !$0.element.wholeMatches(regexes[0]) }) {
                details = ["line \(index + 1) “\(LineDiff.quoted(line))” does not match"]
            }
        case .inOrder(let lines):
            var remaining = actual[...]
            for line in lines {
                guard let found = remaining.firstIndex(of: line) else {
                    details = ["“\(LineDiff.quoted(line))” is missing or out of order"]
                    break
                }
                remaining = remaining[(found + 1)...]
            }
        case .satisfies(let check):
            details = check.problems(actual)
        case .standardErrorContains:
            if (try? regexes[0].firstMatch(in: stderr)) == nil {
                details = ["stderr was:"] + stderr.outputLines.prefix(8).map { "  \(LineDiff.quoted($0))" }
            }
        case .trace(let check):
            details = trace.map(check.problems) ?? ["the run recorded no trace"]
        }
        return ExpectationResult(summary: summary, summaryZH: summaryZH, passed: details.isEmpty, details: details)
    }
}

extension String {
    /// The lines of program output; a final line ending does not start a new line.
    var outputLines: [String] {
        guard !isEmpty else { return [] }
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    func wholeMatches(_ regex: Regex<AnyRegexOutput>) -> Bool {
        (try? regex.wholeMatch(in: self)) != nil
    }
}

extension Array where Element == String {
    /// The elements of `self` left after removing one occurrence of each element of `other`.
    func subtracting(_ other: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for line in other { counts[line, default: 0] += 1 }
        return filter { line in
            guard let count = counts[line], count > 0 else { return true }
            counts[line] = count - 1
            return false
        }
    }
}
