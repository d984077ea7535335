import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples
@testable import NotesKit

/// The forced interleaving both race ports print, and the claim that
/// judges the lock port by it: without the lock the claim's evidence is
/// absent, so a port with a wrong primitive would fail the check.
@Suite("The forced interleaving of f1 and f2", .hangGuard)
struct SteppedIncrementsTests {
    /// The evidence of the claim "于是，用线程去做的时候，要加锁", which the
    /// checker evaluates against the lock port's output.
    static func lockClaimEvidence() throws -> ExampleKit.Expectation {
        let claim = try #require(
            CourseReviews.all.flatMap(\.claims).first {
                $0.against == .swift("thread-lock")
            })
        guard case .output(let expectation) = claim.evidence else {
            Issue.record("the lock claim's evidence is not about output")
            throw CancellationError()
        }
        return expectation
    }

    @Test func withoutTheLockF1sUpdateIsLostEveryTime() throws {
        let evidence = try Self.lockClaimEvidence()
        for _ in 0..<20 {
            let outcome = SteppedIncrements.run(start: 1)
            #expect(outcome.steps == ["f1 读到 1", "f2 读到 1", "f1 写入 2", "f2 写入 0"])
            #expect(outcome.result == 0)
            #expect(outcome.lines[1] == "强制交错之后 var = 0（正确的值是 1，f1 的更新丢了）")
            // The claim that a lock is needed fails on this output.
            #expect(!evidence.evaluate(stdout: outcome.output, stderr: "").passed)
        }
    }

    @Test func withTheLockF2WaitsAndNothingIsLost() throws {
        let evidence = try Self.lockClaimEvidence()
        for _ in 0..<20 {
            let outcome = SteppedIncrements.run(start: 1, lock: NSLock())
            #expect(outcome.steps == ["f1 读到 1", "f2 等锁", "f1 写入 2", "f2 读到 2", "f2 写入 1"])
            #expect(outcome.result == 1)
            #expect(evidence.evaluate(stdout: outcome.output, stderr: "").passed)
        }
    }

    @Test func theLockPortsExpectationIsTheLockedOutcome() throws {
        let example = try #require(CourseExamples.registry.example(id: "thread-lock"))
        guard case .exactOutput(let text)? = example.expectations.first else {
            Issue.record("thread-lock expects no exact output")
            return
        }
        let outcome = SteppedIncrements.run(start: 1, lock: NSLock())
        #expect(text.hasPrefix(outcome.output))
        let race = try #require(CourseExamples.registry.example(id: "thread-race"))
        #expect(race.expectations.first == .exactOutput(SteppedIncrements.run(start: 1).output))
    }

}
