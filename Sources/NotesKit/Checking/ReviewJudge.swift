import ExampleKit
import Foundation

/// Judges what a review says about a block against the runs: how the
/// notes' code fared, whether each claim and erratum holds, and whether
/// each port prints what the Python prints.
struct ReviewJudge {
    /// What the runs of one block showed.
    struct Verdicts {
        var original: OriginalReport?
        var claims: [ClaimReport] = []
        var errata: [ErratumReport] = []
        /// Each example's comparison with the run it must print like.
        var comparisons: [String: ExpectationResult] = [:]
        var diagnostics: [Diagnostic] = []
    }

    let block: BoundBlock
    let quotes: QuoteFinder
    let outcomes: [RunJob.Key: RunOutcome]
    let originals: OriginalLauncher

    /// The language names whose blocks are Python.
    static let pythonLanguages: Set<String> = ["python", "py", "python3", "py3"]

    func judge(examples: [ExampleReport]) -> Verdicts {
        var verdicts = Verdicts()
        let isPython = Self.pythonLanguages.contains(block.block.language)
        guard let review = block.review else {
            if isPython {
                verdicts.original = Self.notRun("登记表没有点名这个代码块，所以不运行它（只运行登记表点名的代码）")
            }
            return verdicts
        }
        if review.original == nil, isPython {
            verdicts.original = Self.notRun("这个代码块的复查没有要求运行它")
        }
        verdicts.claims = review.claims.map { claim(of: $0, into: &verdicts.diagnostics) }
        verdicts.errata = review.errata.map { erratum(of: $0, into: &verdicts.diagnostics) }
        if let original = review.original {
            verdicts.original = self.original(original, review: review, verdicts: verdicts)
            if let report = verdicts.original, report.expected,
                report.status != .asClaimed, report.status != .notRun
            {
                verdicts.diagnostics.append(
                    Diagnostic(
                        .note, "the notes' Python \(Self.describe(report.status)), as the block's errata say",
                        at: block.location))
            }
            // A run that differs because a claim failed is reported by that claim.
            if let report = verdicts.original, !report.expected, report.status != .differs {
                verdicts.diagnostics.append(
                    .error(
                        "the notes' Python \(Self.describe(report.status)), and no erratum of the block says so",
                        at: block.location,
                        details: report.run.map { Self.tail($0) } ?? []))
            }
        }
        for example in block.examples {
            guard let same = example.sameOutput, let run = run(same.source).result,
                let mine = examples.first(where: { $0.id == example.id })?.run, !mine.timedOut
            else { continue }
            verdicts.comparisons[example.id] = Self.compare(mine.stdout, with: run.stdout, same: same)
        }
        for index in verdicts.diagnostics.indices { verdicts.diagnostics[index].fromReview = true }
        return verdicts
    }

    // MARK: - The original

    private func original(_ original: Original, review: Review, verdicts: Verdicts) -> OriginalReport {
        let interpreter = try? originals.interpreter.get()
        let probes = review.probes.map { probe in
            let found = run(.probe(probe.name))
            return ProbeReport(
                name: probe.name, purpose: probe.purpose, before: probe.before, after: probe.after,
                run: found.result, notRunReason: found.notRunReason)
        }
        var report = OriginalReport(
            status: .notRun, python: interpreter?.version, sandbox: nil,
            driver: original.driver.map(Self.describe), probes: probes, expected: true)
        let found = run(.python)
        guard let result = found.result else {
            report.notRunReason = found.notRunReason
            return report
        }
        report.run = result
        report.sandbox = Sandbox.name
        let contradicted = verdicts.claims.contains { $0.against != .swift && $0.verdict == .refuted }
        report.status = Self.status(of: result, contradicted: contradicted)
        let holding = Set(verdicts.errata.filter { $0.against == .python && $0.holds == true }.map(\.kind))
        switch report.status {
        case .crashed: report.expected = holding.contains(.crash)
        case .neverEnds: report.expected = holding.contains(.neverEnds)
        case .noOutput: report.expected = holding.contains(.noOutput)
        case .differs: report.expected = verdicts.claims.allSatisfy(\.passed)
        case .asClaimed, .notRun: report.expected = true
        }
        return report
    }

    private static func notRun(_ reason: String) -> OriginalReport {
        OriginalReport(status: .notRun, notRunReason: reason, probes: [], expected: true)
    }

    /// The status of a run, by precedence.
    static func status(of run: RunResult, contradicted: Bool) -> OriginalStatus {
        if !run.timedOut, run.termination != .exited(0) || run.stderr.contains("Traceback (most recent call last)") {
            return .crashed
        }
        if run.timedOut { return .neverEnds }
        if run.stdout.isEmpty { return .noOutput }
        return contradicted ? .differs : .asClaimed
    }

    // MARK: - Claims and errata

    private func claim(of claim: Claim, into diagnostics: inout [Diagnostic]) -> ClaimReport {
        let line = quotes.line(of: claim.quote)
        let expected: ClaimReport.Verdict
        let why: String?
        switch claim.expected {
        case .holds: (expected, why) = (.holds, nil)
        case .refuted(let reason): (expected, why) = (.refuted, reason)
        }
        var report = ClaimReport(
            quote: claim.quote, line: line, against: RunKind(claim.against), againstName: Self.name(claim.against),
            verdict: .notRun, expected: expected, why: why, evidence: claim.evidence.summaryZH, passed: true)
        let location = SourceLocation(path: block.path, line: line ?? block.block.line)
        let quote = "“\(claim.quote)”"
        guard line != nil else {
            report.passed = false
            diagnostics.append(
                .error("the review cites \(quote), which is not in this block or its section", at: location))
            return report
        }
        guard let run = run(claim.against).result else { return report }
        report.verdict = claim.evidence.isShown(by: run) ? .holds : .refuted
        report.passed = report.verdict == expected
        let source = Self.runName(claim.against)
        switch (report.verdict, report.passed) {
        case (.holds, true):
            diagnostics.append(Diagnostic(.note, "the notes' claim \(quote) holds: \(source) shows it", at: location))
        case (.refuted, true):
            diagnostics.append(
                Diagnostic(.note, "the notes' claim \(quote) is refuted by \(source), as the review says", at: location)
            )
        case (.holds, false):
            diagnostics.append(
                .error(
                    "the notes' claim \(quote) now holds: \(source) shows that \(claim.evidence.summary), "
                        + "but the review says it is refuted", at: location))
        case (.refuted, false):
            diagnostics.append(
                .error(
                    "the notes' claim \(quote) is not supported: \(source) does not show that \(claim.evidence.summary)",
                    at: location, details: Self.tail(run)))
        case (.notRun, _):
            break
        }
        return report
    }

    private func erratum(of erratum: Erratum, into diagnostics: inout [Diagnostic]) -> ErratumReport {
        let line = quotes.line(of: erratum.quote)
        var report = ErratumReport(
            line: line, kind: erratum.kind, zh: erratum.zh, en: erratum.en, against: nil, holds: nil, evidence: "")
        let location = SourceLocation(path: block.path, line: line ?? block.block.line)
        if line == nil {
            diagnostics.append(
                .error(
                    "the review's \(erratum.kind.rawValue) erratum cites “\(erratum.quote)”, which is not in this block or its section",
                    at: location))
        }
        switch erratum.check {
        case .notCheckable(let reason):
            report.evidence = reason
        case .run(let source, let observation):
            report.against = RunKind(source)
            report.againstName = Self.name(source)
            report.evidence = observation.summaryZH
            let found = run(source)
            guard let result = found.result else {
                report.notRunReason = found.notRunReason
                break
            }
            report.holds = observation.isShown(by: result)
            if report.holds == false {
                diagnostics.append(
                    .error(
                        "the \(erratum.kind.rawValue) erratum no longer holds: \(Self.runName(source)) does not show that "
                            + "\(observation.summary) (\(erratum.en ?? erratum.zh))",
                        at: location, details: Self.tail(result)))
            }
        }
        return report
    }

    // MARK: - Runs

    private func run(_ source: RunSource) -> (result: RunResult?, notRunReason: String?) {
        let key: RunJob.Key =
            switch source {
            case .python: .original(block: block.key)
            case .probe(let name): .probe(block: block.key, name: name)
            case .swift(let id): .example(id)
            }
        if RunKind(source) != .swift, let reason = block.clearance.reasonZH {
            // The notes' code of a block not cleared to run never ran:
            // whatever the outcomes hold for its key is not its run.
            return (nil, reason)
        }
        switch outcomes[key] {
        case .ran(let result) where result.timedOut && RunKind(source) == .swift:
            // A port that ran out of time is reported as a timeout, once;
            // nothing is judged on the output it left.
            return (nil, "示例超时了，不根据它没跑完的输出下结论")
        case .ran(let result): return (result, nil)
        case .couldNotStart(.noCommand(let reason)): return (nil, reason)
        case .couldNotStart(.noSandbox(let reason)): return (nil, "沙箱没能建立，所以什么也没有运行（它说：\(reason)）")
        case .couldNotStart(let error): return (nil, "无法启动：\(error)")
        case nil: return (nil, "没有运行")
        }
    }

    /// How a diagnostic names a run.
    static func runName(_ source: RunSource) -> String {
        switch source {
        case .python: "the notes' Python, run as written,"
        case .probe(let name): "the probe '\(name)' (the notes' Python with lines added)"
        case .swift(let id): "the Swift example '\(id)'"
        }
    }

    private static func name(_ source: RunSource) -> String? {
        switch source {
        case .python: nil
        case .probe(let name): name
        case .swift(let id): id
        }
    }

    /// Compares an example's stdout with the run it must print like.
    static func compare(_ mine: String, with theirs: String, same: SameOutput) -> ExpectationResult {
        let whose: (en: String, zh: String) =
            switch same.source {
            case .python: ("the notes' Python", "笔记原代码")
            case .probe(let name): ("the probe '\(name)'", "探针 \(name)")
            case .swift(let id): ("example '\(id)'", "示例 \(id)")
            }
        let order = same.ordered ? "" : ", in any order"
        let orderZH = same.ordered ? "" : "（顺序不限）"
        var details: [String] = []
        if same.ordered {
            if mine != theirs { details = LineDiff.lines(expected: theirs.outputLines, actual: mine.outputLines) }
            if details.isEmpty, mine != theirs { details = ["(the difference is in the final line ending)"] }
        } else {
            let missing = theirs.outputLines.subtracting(mine.outputLines)
            let extra = mine.outputLines.subtracting(theirs.outputLines)
            details =
                missing.prefix(6).map { "missing: \(LineDiff.quoted($0))" }
                + extra.prefix(6).map { "unexpected: \(LineDiff.quoted($0))" }
        }
        return ExpectationResult(
            summary: "stdout is the same as \(whose.en) prints, line for line\(order)",
            summaryZH: "stdout 与\(whose.zh)的输出逐行相同\(orderZH)", passed: details.isEmpty, details: details)
    }

    static func describe(_ driver: Driver) -> String {
        switch driver {
        case .tcpClient(let port, let message):
            "程序开始监听 127.0.0.1:\(port) 后，一个客户端连上去，发送 \(message.debugDescription)，再读回复"
        }
    }

    static func describe(_ status: OriginalStatus) -> String {
        switch status {
        case .crashed: "crashed"
        case .neverEnds: "never ends"
        case .noOutput: "prints nothing"
        case .differs: "differs from what the notes say"
        case .asClaimed: "ran as the notes say"
        case .notRun: "was not run"
        }
    }

    /// The last lines of a run's output, for a diagnostic.
    static func tail(_ run: RunResult) -> [String] {
        var shown: [String] = []
        if !run.stdout.isEmpty {
            shown += ["stdout:"] + run.stdout.outputLines.suffix(4).map { "  " + LineDiff.quoted($0) }
        }
        if !run.stderr.isEmpty {
            shown += ["stderr:"] + run.stderr.outputLines.suffix(4).map { "  " + LineDiff.quoted($0) }
        }
        return shown
    }
}
