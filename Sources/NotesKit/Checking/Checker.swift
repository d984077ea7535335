import ExampleKit
import Foundation

/// Judges each block from its binding and its runs.
enum Checker {
    /// - Parameters:
    ///   - outcomes: Run outcomes by job. An example without one is
    ///     reported as not run.
    ///   - originals: What ran the notes' own code, for its interpreter.
    static func check(
        _ binding: Binding, outcomes: [RunJob.Key: RunOutcome], originals: OriginalLauncher
    ) -> CheckReport {
        let documents = Dictionary(binding.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let additions = binding.additions.map(DisplayPath.relative)  // once: it asks for the working directory
        let blocks = Parallel.mapEach(binding.blocks) { block in
            checkBlock(
                block, outcomes: outcomes, document: documents[block.path], originals: originals,
                reviewed: binding.reviewedText, additions: additions)
        }
        var diagnostics = binding.diagnostics
        if let problem = pythonProblem(binding, outcomes: outcomes, originals: originals) {
            // One error for the whole check, not one a block: none of the notes' code ran.
            diagnostics.append(
                .error(
                    "\(problem); the notes' Python was not run. Install what is missing (scripts/bootstrap), "
                        + "or pass --no-python to skip the notes' Python on purpose", at: nil))
        }
        return CheckReport(blocks: blocks, diagnostics: diagnostics)
    }

    /// Why the notes' code of blocks cleared to run could not run, if it
    /// could not: no interpreter, or no sandbox (a run that said so). Not
    /// for `--no-python`, which skips it on purpose.
    static func pythonProblem(
        _ binding: Binding, outcomes: [RunJob.Key: RunOutcome], originals: OriginalLauncher
    ) -> String? {
        guard binding.blocks.contains(where: { $0.clearance == .cleared }) else { return nil }
        if case .failure(let why) = originals.interpreter, let problem = why.problem { return problem }
        for outcome in outcomes.values {
            if case .couldNotStart(.noSandbox(let reason)) = outcome {
                return "the notes' code runs only inside a bubblewrap sandbox, and it cannot be made here: \(reason)"
            }
        }
        return nil
    }

    /// - Parameters:
    ///   - reviewed: The block's text as last reviewed, by fingerprint, for a stale block's diff.
    ///   - additions: The registry's file of added ports, as messages show it.
    static func checkBlock(
        _ block: BoundBlock, outcomes: [RunJob.Key: RunOutcome], document: Document?, originals: OriginalLauncher,
        reviewed: (String) -> String? = { _ in nil }, additions: String? = nil
    ) -> BlockReport {
        var report = BlockReport(
            path: block.path, line: block.block.line, endLine: block.block.endLine,
            language: block.block.language, lineCount: block.block.lineCount, ordinal: block.ordinal,
            section: block.section?.text, anchor: block.section?.anchor, fingerprint: block.fingerprint,
            examples: [], waiver: block.waiver?.reason, status: .passed, swiftStatus: .passed, reason: nil,
            original: nil, seconds: 0, diagnostics: [])
        report.indexInSection = block.indexInSection
        let location = block.location
        let language = block.block.language.isEmpty ? "code" : block.block.language

        for example in block.examples {
            let (exampleReport, diagnostics) = ExampleJudge.judge(
                example, outcomes[.example(example.id)], at: location)
            report.examples.append(exampleReport)
            report.diagnostics += diagnostics
            report.seconds += exampleReport.run?.seconds ?? 0
        }

        let review = ReviewJudge(
            block: block, quotes: QuoteFinder(block: block, document: document), outcomes: outcomes,
            originals: originals
        ).judge(examples: report.examples)
        report.original = review.original
        report.claims = review.claims
        report.errata = review.errata
        report.seconds += review.original?.run?.seconds ?? 0
        for index in report.examples.indices {
            guard let comparison = review.comparisons[report.examples[index].id] else { continue }
            report.examples[index].expectations.append(comparison)
            guard !comparison.passed else { continue }
            if report.examples[index].status == .passed {
                report.examples[index].status = .failed
                report.examples[index].reason = "printed other lines than the Python"
            }
            var diagnostic = Diagnostic.error(
                "example '\(report.examples[index].id)' printed unexpected output: expected \(comparison.summary)",
                at: location, details: comparison.details)
            diagnostic.example = report.examples[index].id
            report.diagnostics.append(diagnostic)
        }
        report.diagnostics += review.diagnostics

        report.swiftStatus = swiftStatus(of: block, examples: report.examples)
        report.reason = report.examples.first { $0.status == report.swiftStatus }?.reason
        switch report.swiftStatus {
        case .unmapped:
            report.reason = "no example implements this block"
            let registry = additions.map { " in \($0)" } ?? ""
            report.diagnostics.insert(
                .error(
                    "\(language) block has no example (unmapped); run `notes new \(block.path):\(block.block.line)` "
                        + "to register a port\(registry), or waive it with a reason",
                    at: location),
                at: 0)
        case .waived:
            report.reason = block.waiver?.reason
        case .stale:
            report.reason = "the block changed since example '\(block.staleExamples[0].id)' was reviewed"
        default:
            break
        }
        let staleIDs = block.staleExamples.map(\.id).joined(separator: " ")
        for example in block.staleExamples.reversed() {
            var details = [
                "review \(DisplayPath.relative(example.sourcePath)) against the block, then run "
                    + "`notes check --update-fingerprints \(staleIDs)`"
            ]
            if block.review?.original != nil {
                details += [
                    "until then the notes' Python of this block is not run: "
                        + "`notes check --update-fingerprints \(staleIDs) --dry-run` runs the new text in the sandbox "
                        + "and says which errata and claims would stop holding"
                ]
            }
            if let before = reviewed(example.fingerprint) {
                details += ["what changed since the review:"] + UnifiedDiff.lines(old: before, new: block.block.code)
            }
            report.diagnostics.insert(
                .error(
                    "block changed since example '\(example.id)' was reviewed (stale): its fingerprint is now "
                        + "\(block.fingerprint), the registry has \(example.fingerprint)",
                    at: location, details: details),
                at: 0)
        }
        var clearanceProblem: String?
        switch block.clearance {
        case .textNotKept(let example), .textDiffers(let example):
            let kept = block.clearance == .textNotKept(example: example) ? "is not kept" : "differs from the block"
            report.diagnostics.insert(
                .error(
                    "the text example '\(example)' was reviewed against \(kept) (Reviewed/\(block.fingerprint).txt), "
                        + "so the notes' Python of this block is not run",
                    at: location,
                    details: [
                        "review the block, then run `notes check --update-fingerprints \(example)` to keep its text"
                    ]),
                at: 0)
            clearanceProblem = "the text its review was made against \(kept)"
        default:
            break
        }
        let staleSet = Set(block.staleExamples.map(\.id))
        for index in report.examples.indices where staleSet.contains(report.examples[index].id) {
            report.examples[index].stale = true
        }

        report.status = report.swiftStatus
        if let clearanceProblem, report.status.isSuccess {
            report.status = .failed
            report.reason = clearanceProblem
        }
        let reviewFailed = review.diagnostics.contains { $0.severity == .error }
        if reviewFailed, report.status.isSuccess {
            report.status = .failed
            report.reason = review.diagnostics.first { $0.severity == .error }?.message
        }
        return report
    }

    /// The worst of the examples' statuses; or stale, unmapped or waived.
    static func swiftStatus(of block: BoundBlock, examples: [ExampleReport]) -> CheckStatus {
        if block.examples.isEmpty { return block.waiver == nil ? .unmapped : .waived }
        if !block.staleExamples.isEmpty { return .stale }
        let statuses = examples.map(\.status)
        let worst: [CheckStatus] = [.timeout, .crashed, .failed]
        return worst.first(where: statuses.contains) ?? .passed
    }
}
