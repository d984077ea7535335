import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// A small set of notes whose blocks pass, fail, hang, crash, go stale and
/// lack an example, checked through the whole pipeline with shell scripts
/// standing in for the Swift examples.
enum ReportFixture {
    static let notes = """
        # Report fixture

        ## Passes

        Prose claims it prints ok.

        ```python
        print("ok")  # prints ok
        ```

        ## Fails

        ```python
        print(1)
        ```

        ## Hangs

        ```python
        while True: pass
        ```

        ## Crashes

        ```python
        import ctypes; ctypes.string_at(0)
        ```

        ## Stale

        ```python
        print("edited")
        ```

        ## Unmapped

        ```python
        print("nobody ports me")
        ```

        ## Waived

        ```text
        sample output <script>alert(1)</script>
        ```
        """

    static func example(
        _ id: String, _ heading: String, expect: [ExampleKit.Expectation] = [],
        timeout: Duration? = nil, fingerprint: String? = nil
    ) -> Example {
        let document = MarkdownParser.parse(notes, path: "notes/fixture.md")
        let binding = try? Binder.bind([document], to: ExampleRegistry(examples: []))
        let actual = binding?.blocks.first { $0.section?.text == heading }?.fingerprint ?? "-"
        return Example(
            id, ports: BlockLocator(note: "fixture.md", heading: heading), fingerprint: fingerprint ?? actual,
            source: "\(id).swift", expect: expect, timeout: timeout, main: { _ in })
    }

    static let registry = ExampleRegistry(
        examples: [
            example("passes", "Passes", expect: [.exactOutput("ok\n")]),
            example("fails", "Fails", expect: [.exactOutput("1\n")]),
            example("hangs", "Hangs", timeout: .milliseconds(300)),
            example("crashes", "Crashes"),
            example("stale", "Stale", expect: [.exactOutput("edited\n")], fingerprint: "0123456789ab"),
        ],
        reviews: [
            Review(
                of: BlockLocator(note: "fixture.md", heading: "Passes"), original: nil,
                claims: [
                    Claim("prints ok", against: .swift("passes"), evidence: .output(.containsLine(matching: "ok")))
                ])
        ],
        waivers: [Waiver(BlockLocator(note: "fixture.md", heading: "Waived"), reason: "sample output, not code")])

    static let launcher = ScriptLauncher(scripts: [
        // It also records a task, as the shared primitives do (times before the run's start count as 0).
        "passes":
            "echo ok; printf '1\\t7\\t1\\tbegin\\ttask\\tf1\\t任务 1\\t-\\n2\\t7\\t1\\tend\\ttask\\tf1\\t任务 1\\t-\\n' >> \"$NOTES_TRACE\"",
        "fails": "echo 2; echo '<script>' >&2",
        "hangs": "echo waiting; exec sleep 30",
        "crashes": "echo 'about to crash' >&2; kill -SEGV $$",
        "stale": "echo edited",
    ])

    static func binding() throws -> Binding {
        try Binder.bind([NotesFolder.parse(notes, path: "notes/fixture.md", layout: SiteMap.init)], to: registry)
    }

    /// The fixture's runs, made once (five processes, one of them a
    /// timeout) and shared by every test that reads the report.
    static let outcomes: [String: RunOutcome] = {
        let examples = (try? binding().blocks.flatMap(\.examples)) ?? []
        return Runner(launcher: launcher, limits: RunLimits(grace: .milliseconds(100))).run(examples)
    }()

    /// The fixture's report, with run times fixed so it can be compared.
    static func report() throws -> CheckReport {
        let binding = try binding()
        var report = Checker.check(binding, examples: outcomes)
        for b in report.blocks.indices {
            report.blocks[b].seconds = report.blocks[b].examples.isEmpty ? 0 : 0.25
            for e in report.blocks[b].examples.indices {
                report.blocks[b].examples[e].run?.seconds = 0.25
            }
        }
        return report
    }
}

@Suite("Checking outputs against expectations and claims", .hangGuard)
struct CheckerTests {
    @Test func eachBlockGetsTheRightStatus() throws {
        let report = try ReportFixture.report()
        #expect(report.blocks.map(\.status) == [.passed, .failed, .timeout, .crashed, .stale, .unmapped, .waived])
        #expect(report.closingLine == "1 passed, 5 failed, 1 waived")
        #expect(report.exitCode == 1)
    }

    @Test func diagnosticsNameTheFileLineAndCause() throws {
        let text = try ReportFixture.report().allDiagnostics.map(\.description).joined(separator: "\n")
        #expect(text.contains("notes/fixture.md:13:1: error: example 'fails' printed unexpected output"))
        #expect(text.contains("    - 1\n    + 2"))
        #expect(text.contains("notes/fixture.md:19:1: error: example 'hangs' timed out after"))
        #expect(text.contains("its process group was terminated"))
        #expect(
            text.contains("notes/fixture.md:25:1: error: example 'crashes' crashed with SIGSEGV (Segmentation fault)"))
        #expect(text.contains("about to crash"))
        #expect(text.contains("notes/fixture.md:31:1: error: block changed since example 'stale' was reviewed (stale)"))
        #expect(text.contains("notes/fixture.md:37:1: error: python block has no example (unmapped)"))
        #expect(text.contains("notes/fixture.md:8:1: note: the notes' claim “prints ok” holds"))
    }

    @Test func diagnosticsAndProblemsBelongToTheirExample() throws {
        let report = try ReportFixture.report()
        for block in report.blocks {
            let ids = Set(block.examples.map(\.id))
            for diagnostic in block.diagnostics where diagnostic.message.hasPrefix("example '") {
                #expect(diagnostic.example.map(ids.contains) == true, "\(diagnostic)")
            }
        }
        #expect(report.blocks[5].diagnostics.map(\.example) == [nil])  // unmapped: about no example
        #expect(report.blocks[2].examples[0].problems.map(\.reason).first?.hasPrefix("timed out after") == true)
        #expect(report.blocks[3].examples[0].problems.first?.reason.hasPrefix("crashed with SIGSEGV") == true)
        // Failed expectations are listed as expectations, not again as problems.
        #expect(report.blocks[1].examples[0].problems.isEmpty)
        #expect(report.blocks[1].examples[0].expectations.map(\.passed) == [false])
    }

    func judge(_ example: Example, _ result: RunResult) -> (ExampleReport, [Diagnostic]) {
        ExampleJudge.judge(example, .ran(result), at: SourceLocation(path: "n.md", line: 3))
    }

    @Test func anInvariantFailureShowsItsMessage() {
        let (report, diagnostics) = judge(
            scriptExample("x"), .failing(status: 1, stderr: "invariant failed: lost 3 updates\n"))
        #expect(report.status == .failed)
        #expect(
            diagnostics[0].description
                == "n.md:3:1: error: example 'x' exited with status 1\n    stderr:\n      invariant failed: lost 3 updates"
        )
    }

    /// A crashed Swift port's diagnostic keeps the cause, not the frames of
    /// the stack trace after it.
    @Test func aCrashShowsItsCauseNotItsLastFrames() {
        var result = RunResult.failing(
            status: 0,
            stderr: """
                Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range
                Current stack trace:
                0    libswiftCore.so                    0x00007f00ee75f130 swift_reportError + 33
                1    libswiftCore.so                    0x00007f00ee76df7b <unavailable> + 1499003
                2    c                                  0x000055f2f1311014 <unavailable> + 4116

                """)
        result.termination = .signaled(SIGILL)
        let (report, diagnostics) = judge(scriptExample("x"), result)
        #expect(report.status == .crashed)
        #expect(
            diagnostics[0].details == [
                "stderr:", "  Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range",
            ])
    }

    /// A run stopped at its timeout is one problem, the timeout; its partial
    /// output is not judged against the expectations.
    @Test func aTimeoutIsReportedOnceAndItsPartialOutputIsNotJudged() {
        var result = RunResult.passing("half\n")
        result.timedOut = true
        result.termination = .signaled(SIGTERM)
        result.limit = 0.3
        let (report, diagnostics) = judge(scriptExample("x", expect: [.exactOutput("half\nand the rest\n")]), result)
        #expect(report.status == .timeout)
        #expect(report.expectations.isEmpty)
        #expect(diagnostics.filter { $0.severity == .error }.count == 1)
        #expect(diagnostics[0].message == "example 'x' timed out after 0.30 s; its process group was terminated")
    }

    /// An example with nothing to check would pass whatever it printed: it fails, saying so.
    @Test func anExampleThatChecksNothingFails() {
        let (report, _) = judge(scriptExample("x"), .passing("anything\n"))
        #expect(report.status == .failed)
        #expect(report.reason == "checks nothing yet: give it an expectation, or run `notes new --record x`")
    }

    @Test func leftoverProcessesFailTheExample() {
        var result = RunResult.passing("")
        result.leftoverProcesses = true
        let (report, _) = judge(scriptExample("x", expect: [.exactOutput("")]), result)
        #expect(report.status == .failed)
        #expect(report.reason == "left processes running after it exited; they were terminated")
    }

    @Test func claimsAreJudgedAgainstTheReviewersFinding() {
        let wrong = Claim(
            "the counter ends at 1", against: .swift("x"), evidence: .output(.containsLine(matching: "counter = 1")),
            expected: .refuted("updates are lost"))
        let right = Claim(
            "the counter ends at 1", against: .swift("x"), evidence: .output(.containsLine(matching: "counter = 1")))
        let misquoted = Claim(
            "words the notes never said", against: .swift("x"), evidence: .output(.containsLine(matching: ".*")))
        func judge(_ stdout: String, _ claim: Claim) -> (ClaimReport, [Diagnostic]) {
            var block = QuoteContext.block(code: "the counter ends at 1")
            block.review = Review(of: BlockLocator(note: "n.md", heading: "H"), original: nil, claims: [claim])
            let verdicts = ReviewJudge(
                block: block, quotes: QuoteFinder(block: block, document: nil),
                outcomes: [.example("x"): .ran(.passing(stdout))], originals: OriginalLauncher(enabled: false)
            ).judge(examples: [])
            return (verdicts.claims[0], verdicts.diagnostics)
        }
        #expect(judge("counter = 7\n", wrong).0.passed)
        #expect(judge("counter = 7\n", wrong).0.verdict == .refuted)
        #expect(!judge("counter = 1\n", wrong).0.passed)
        #expect(judge("counter = 1\n", right).0.passed)
        #expect(!judge("counter = 7\n", right).0.passed)
        #expect(judge("counter = 7\n", right).1.contains { $0.severity == .error })
        let (report, diagnostics) = judge("anything\n", misquoted)
        #expect(!report.passed)
        #expect(
            diagnostics.first?.message
                == "the review cites “words the notes never said”, which is not in this block or its section")
    }

    @Test func aCompileFailureLessonPassesOnlyWhenTheCompilerRejectsIt() {
        var lesson = scriptExample("lesson")
        lesson.kind = .compileFailure(diagnostic: "mutation of captured var .* in concurrently-executing code")
        let rejected = RunResult.failing(
            status: 1, stderr: "race.swift:4:9: error: mutation of captured var 'n' in concurrently-executing code\n")
        #expect(judge(lesson, rejected).0.status == .passed)
        #expect(judge(lesson, .passing("")).0.status == .failed)
        #expect(judge(lesson, .failing(status: 1, stderr: "error: something else\n")).0.status == .failed)
    }

    @Test func truncatedOutputIsAWarning() {
        var result = RunResult.passing("x")
        result.stdoutDropped = 42
        let (report, diagnostics) = judge(scriptExample("x", expect: [.exactOutput("x")]), result)
        #expect(report.status == .passed)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("42 bytes past the cap") })
    }
}

enum QuoteContext {
    /// A block of the notes with this code, at line 1 of `n.md`.
    static func block(code: String) -> BoundBlock {
        BoundBlock(
            path: "n.md", notePath: "n.md",
            block: CodeBlock(info: "", language: "", code: code, line: 1, endLine: 3, fenced: true, nested: false),
            chapter: nil, section: nil, indexInSection: 1, ordinal: 1, fingerprint: "", examples: [], waiver: nil)
    }
}

extension Checker {
    /// Checks a binding against example runs alone: no notes' code runs.
    static func check(_ binding: Binding, examples: [String: RunOutcome]) -> CheckReport {
        let outcomes = Dictionary(uniqueKeysWithValues: examples.map { (RunJob.Key.example($0.key), $0.value) })
        return check(binding, outcomes: outcomes, originals: OriginalLauncher(enabled: false))
    }
}

@Suite("Expectations", .hangGuard)
struct ExpectationTests {
    @Test(arguments: [
        (ExampleKit.Expectation.exactOutput("a\nb\n"), "a\nb\n", true),
        (.exactOutput("a\nb\n"), "a\nb", false),
        (.unorderedLines(["a", "b", "b"]), "b\na\nb\n", true),
        (.unorderedLines(["a", "b", "b"]), "b\na\na\n", false),
        (.linePatterns(["pid \\d+", "port \\d+"]), "pid 42\nport 5000\n", true),
        (.linePatterns(["pid \\d+"]), "pid 42\nextra\n", false),
        (.linePatterns(["pid \\d+"]), "pid x\n", false),
        (.containsLine(matching: "total = \\d+"), "start\ntotal = 9\n", true),
        (.containsLine(matching: "total = \\d+"), "total = 9 and more\n", false),
        (.everyLine(matching: "item \\d+"), "item 1\nitem 2\n", true),
        (.everyLine(matching: "item \\d+"), "item 1\nitem\n", false),
    ])
    func stdoutExpectations(_ expectation: ExampleKit.Expectation, _ stdout: String, _ passes: Bool) {
        #expect(expectation.evaluate(stdout: stdout, stderr: "").passed == passes)
    }

    @Test func anInvalidPatternFailsAndSaysSoInsteadOfNotMatching() {
        let result = ExampleKit.Expectation.containsLine(matching: "(unclosed").evaluate(
            stdout: "(unclosed\n", stderr: "")
        #expect(!result.passed)
        #expect(result.details.first?.hasPrefix("invalid pattern") == true)
    }

    @Test func unorderedPatternsPairEachLineWithItsOwnPattern() {
        let expectation = ExampleKit.Expectation.unorderedLinePatterns(["a \\d", "b \\d"])
        #expect(expectation.evaluate(stdout: "b 2\na 1\n", stderr: "").passed)
        #expect(!expectation.evaluate(stdout: "a 1\na 2\n", stderr: "").passed)
    }

    @Test func stderrExpectation() {
        let expectation = ExampleKit.Expectation.standardErrorContains("error: .*captured")
        #expect(expectation.evaluate(stdout: "", stderr: "x.swift:1: error: mutation of captured var").passed)
        #expect(!expectation.evaluate(stdout: "error: captured", stderr: "").passed)
    }

    @Test func aDiffShowsTheChangedLinesWithContext() {
        let diff = LineDiff.lines(expected: ["a", "b", "c", "d", "e", "f"], actual: ["a", "b", "X", "d", "e", "f"])
        #expect(diff == ["  b", "- c", "+ X", "  d"])
        #expect(LineDiff.lines(expected: ["tab\there"], actual: [""]) == ["- tab\\there", "+ ⏎"])
    }
}
