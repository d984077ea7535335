import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// The notes' own code, judged: its status, its errata, its claims, and the
/// ports that must print what it prints. Runs are made up here; the real
/// ones are checked by the CLI tests.
@Suite("Judging the notes' own code", .hangGuard)
struct ReviewJudgeTests {
    static let notes = """
        # Race

        ## Counter

        The result is always 2, they say.

        ```python
        var = 0  # starts at zero
        print(var + 2)
        ```
        """

    /// The block of ``notes`` with `review` (and `examples`) bound to it.
    static func block(_ review: Review, examples: [Example] = []) throws -> (BoundBlock, Document) {
        let document = MarkdownParser.parse(notes, path: "n.md")
        var block = try #require(try Binder.bind([document], to: ExampleRegistry(examples: [])).blocks.first)
        block.review = review
        block.examples = examples
        // Cleared, as the binder clears a block whose text was reviewed.
        block.clearance = review.original == nil ? .notAsked : .cleared
        return (block, document)
    }

    static func judge(
        _ review: Review, examples: [Example] = [], runs: [RunJob.Key: RunResult], reports: [ExampleReport] = []
    ) throws -> ReviewJudge.Verdicts {
        let (block, document) = try Self.block(review, examples: examples)
        let outcomes = runs.mapValues { RunOutcome.ran($0) }
        return ReviewJudge(
            block: block, quotes: QuoteFinder(block: block, document: document), outcomes: outcomes,
            originals: OriginalLauncher(enabled: false)
        ).judge(examples: reports)
    }

    static let python = RunJob.Key.original(block: "n.md#1")

    static func run(stdout: String = "", stderr: String = "", status: Int32 = 0, timedOut: Bool = false) -> RunResult {
        RunResult(
            termination: .exited(status), timedOut: timedOut, leftoverProcesses: false, stdout: stdout, stderr: stderr,
            stdoutDropped: 0, stderrDropped: 0, seconds: 0.1)
    }

    @Test func theStatusFollowsItsPrecedence() {
        let traceback = "Traceback (most recent call last):\nValueError\n"
        #expect(ReviewJudge.status(of: Self.run(stderr: traceback, status: 1), contradicted: true) == .crashed)
        #expect(ReviewJudge.status(of: Self.run(stdout: "x\n", stderr: traceback), contradicted: false) == .crashed)
        #expect(ReviewJudge.status(of: Self.run(timedOut: true), contradicted: true) == .neverEnds)
        #expect(ReviewJudge.status(of: Self.run(), contradicted: true) == .noOutput)
        #expect(ReviewJudge.status(of: Self.run(stdout: "1\n"), contradicted: true) == .differs)
        #expect(ReviewJudge.status(of: Self.run(stdout: "1\n"), contradicted: false) == .asClaimed)
    }

    @Test func aCrashTheErrataNameIsExpectedAndOneTheyDoNotIsAnError() throws {
        let crash = Erratum(
            .crash, at: "print(var + 2)", zh: "崩溃", check: .run(.python, .crashes(matching: "ValueError")))
        let crashed = Self.run(stderr: "Traceback (most recent call last):\nValueError: x\n", status: 1)
        let named = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter"), errata: [crash]), runs: [Self.python: crashed])
        #expect(named.original?.status == .crashed)
        #expect(named.original?.expected == true)
        #expect(named.errata.first?.holds == true)
        #expect(named.errata.first?.line == 9)
        #expect(!named.diagnostics.contains { $0.severity == .error })

        let unnamed = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter")), runs: [Self.python: crashed])
        #expect(unnamed.original?.expected == false)
        #expect(unnamed.diagnostics.contains { $0.severity == .error && $0.message.contains("no erratum") })
    }

    @Test func anErratumThatNoLongerHoldsIsAnErrorAtItsLine() throws {
        let crash = Erratum(.crash, at: "print(var", zh: "崩溃", check: .run(.python, .crashes(matching: "ValueError")))
        let verdicts = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter"), errata: [crash]),
            runs: [Self.python: Self.run(stdout: "2\n")])
        #expect(verdicts.errata.first?.holds == false)
        let error = try #require(verdicts.diagnostics.first { $0.severity == .error })
        #expect(error.location == SourceLocation(path: "n.md", line: 9))
        #expect(error.message.hasPrefix("the crash erratum no longer holds"))
    }

    @Test func anErratumNoRunCanShowHasNoVerdictAndAnUnrunOneNeither() throws {
        let typo = Erratum(.typo, at: "starts at zero", zh: "拼写", check: .notCheckable("拼写问题"))
        let output = Erratum(.noOutput, at: "print", zh: "没有输出", check: .run(.python, .printsNothing))
        let verdicts = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter"), errata: [typo, output]), runs: [:])
        #expect(verdicts.errata.map(\.holds) == [nil, nil])
        #expect(verdicts.errata[0].against == nil && verdicts.errata[0].evidence == "拼写问题")
        #expect(verdicts.errata[1].against == .python && verdicts.errata[1].notRunReason != nil)
        #expect(verdicts.original?.status == .notRun)
        #expect(!verdicts.diagnostics.contains { $0.severity == .error })
    }

    @Test func claimsAreJudgedOnTheRunTheyName() throws {
        let always2 = Claim("always 2", against: .probe("p"), evidence: .output(.exactOutput("2\n")))
        let wrong = Claim(
            "always 2", against: .python, evidence: .output(.exactOutput("3\n")), expected: .refuted("是 2"))
        let review = Review(
            of: BlockLocator(note: "n.md", heading: "Counter"), probes: [Probe("p", after: "pass", purpose: "探针")],
            claims: [always2, wrong])
        let probe = RunJob.Key.probe(block: "n.md#1", name: "p")
        let verdicts = try Self.judge(
            review, runs: [Self.python: Self.run(stdout: "2\n"), probe: Self.run(stdout: "2\n")])
        #expect(verdicts.claims.map(\.verdict) == [.holds, .refuted])
        #expect(verdicts.claims.map(\.passed) == [true, true])
        #expect(verdicts.claims.map(\.line) == [5, 5])
        // A refuted claim makes the original "differ", which the review expects.
        #expect(verdicts.original?.status == .differs)
        #expect(verdicts.original?.expected == true)

        let broken = try Self.judge(
            review, runs: [Self.python: Self.run(stdout: "3\n"), probe: Self.run(stdout: "3\n")])
        #expect(broken.claims.map(\.passed) == [false, false])
        #expect(broken.diagnostics.filter { $0.severity == .error }.count == 2)
    }

    @Test func aPortMustPrintWhatThePythonPrints() throws {
        var port = Example(
            "port", ports: BlockLocator(note: "n.md", heading: "Counter"), fingerprint: "-", source: "P.swift",
            main: { _ in })
        port.sameOutput = .python()
        var unordered = port
        unordered.id = "unordered"
        unordered.sameOutput = .python(ordered: false)
        let report = { (id: String, stdout: String) in
            ExampleReport(
                id: id, kind: .port, source: "P.swift", stale: false, status: .passed, run: Self.run(stdout: stdout),
                expectations: [])
        }
        let verdicts = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter")), examples: [port, unordered],
            runs: [Self.python: Self.run(stdout: "a\nb\n")],
            reports: [report("port", "a\nc\n"), report("unordered", "b\na\n")])
        #expect(verdicts.comparisons["port"]?.passed == false)
        #expect(verdicts.comparisons["port"]?.details == ["  a", "- b", "+ c"])
        #expect(verdicts.comparisons["unordered"]?.passed == true)
        #expect(verdicts.comparisons["unordered"]?.summaryZH == "stdout 与笔记原代码的输出逐行相同（顺序不限）")
    }

    /// A port stopped at its timeout gives no verdict on a claim, however
    /// much of the right output it printed before.
    @Test func aClaimIsNotJudgedOnThePartialOutputOfAPortThatTimedOut() throws {
        let claim = Claim("always 2", against: .swift("port"), evidence: .output(.containsLine(matching: "2")))
        var partial = Self.run(stdout: "2\n", timedOut: true)
        partial.termination = .signaled(SIGTERM)
        let verdicts = try Self.judge(
            Review(of: BlockLocator(note: "n.md", heading: "Counter"), original: nil, claims: [claim]),
            runs: [.example("port"): partial])
        #expect(verdicts.claims.first?.verdict == .notRun)
        #expect(!verdicts.diagnostics.contains { $0.message.contains("holds") })
    }

    @Test func quotesAreFoundInTheBlockFirstWhateverTheWhitespace() throws {
        let (block, document) = try Self.block(Review(of: BlockLocator(note: "n.md", heading: "Counter")))
        let quotes = QuoteFinder(block: block, document: document)
        #expect(quotes.line(of: "var=0") == 8)
        #expect(quotes.line(of: "The result is always 2") == 5)
        #expect(quotes.line(of: "# starts at zero print(var") == 8)  // across two lines
        #expect(quotes.line(of: "# Race") == nil)  // another section
    }

    /// A block not cleared to run (stale, or its reviewed text not kept)
    /// is judged as not run, whatever the outcomes hold under its key:
    /// no verdict ever rests on code that was not the reviewed text.
    @Test func aBlockNotClearedIsNeverJudgedOnARun() throws {
        let crash = Erratum(
            .crash, at: "print(var + 2)", zh: "崩溃", check: .run(.python, .crashes(matching: "ValueError")))
        let crashed = Self.run(stderr: "Traceback (most recent call last):\nValueError: x\n", status: 1)
        var (block, document) = try Self.block(
            Review(of: BlockLocator(note: "n.md", heading: "Counter"), errata: [crash]))
        for clearance in [Clearance.stale(examples: ["a", "b"]), .textNotKept(example: "a"), .noFingerprint] {
            block.clearance = clearance
            let verdicts = ReviewJudge(
                block: block, quotes: QuoteFinder(block: block, document: document),
                outcomes: [Self.python: .ran(crashed)], originals: OriginalLauncher(enabled: false)
            ).judge(examples: [])
            #expect(verdicts.original?.status == .notRun)
            #expect(verdicts.original?.notRunReason == clearance.reasonZH)
            #expect(verdicts.errata.first?.holds == nil)
        }
        #expect(
            Clearance.stale(examples: ["a", "b"]).reasonZH?.contains("--update-fingerprints a b --dry-run") == true)
    }

    /// A sibling section of prose alone introduces the block after it; a
    /// sibling with code of its own, or a parent, does not.
    @Test func anIntroductionWithoutCodeIsTheNextBlocksToo() throws {
        func finder(_ text: String) throws -> QuoteFinder {
            let document = MarkdownParser.parse(text, path: "n.md")
            let block = try #require(try Binder.bind([document], to: ExampleRegistry(examples: [])).blocks.last)
            return QuoteFinder(block: block, document: document)
        }
        let introduced = try finder(
            "# Chapter\n\nparent prose\n\n## 4.1\n\nqueues block\n\n## 4.2\n\n```python\nq.put(1)\n```\n")
        #expect(introduced.line(of: "queues block") == 7)
        #expect(introduced.line(of: "parent prose") == nil)
        let coded = try finder("## 4.1\n\nqueues block\n\n```python\nx\n```\n\n## 4.2\n\n```python\ny\n```\n")
        #expect(coded.line(of: "queues block") == nil)
    }
}
