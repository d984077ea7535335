import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// The trace checks on real primitives, each run traced in a fresh process
/// (Tests/Scenarios): a correct primitive passes them on every run, and a
/// deliberately wrong one (a serial pool, a queue without a bound) fails.
@Suite("Checks on the trace of a run", .hangGuard)
struct TraceCheckTests {
    static let threeAtOnce = TraceCheck.atMost(3, .task, reached: true, zh: "最多 3 个任务同时运行，而且有 3 个同时运行的时刻")
    static let queueOfFour = TraceCheck.boundedQueue(capacity: 4, waited: true, zh: "队列从不超过 4 个，而且满的时候 put 等过")

    /// The trace the scenario `name` records.
    func trace(of name: String) throws -> Trace {
        try #require(
            FileManager.default.isExecutableFile(atPath: ForkScenarioTests.binary), "build PrimitiveScenarios first")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = TraceCollector.now()
        let result = try ChildProcess.run(
            Command(ForkScenarioTests.binary, [name], environment: ["NOTES_TRACE": path]),
            limits: RunLimits(timeout: .seconds(30)))
        #expect(result.stdout == "ok\n", "\(name): \(result.stdout)\(result.stderr)")
        return try #require(TraceCollector.read(path, start: start), "\(name) recorded no trace")
    }

    @Test func aPoolOfThreeRunsThreeAtOnceAndNoMore() throws {
        let trace = try trace(of: "traced-pool-of-3")
        #expect(trace.spans(.task).count == 6)
        #expect(Self.threeAtOnce.problems(trace) == [])
    }

    @Test func aSerialPoolFailsThreeAtOnce() throws {
        let trace = try trace(of: "traced-serial-pool")
        #expect(trace.spans(.task).count == 6 && trace.mostAtOnce(.task) == 1)
        #expect(Self.threeAtOnce.problems(trace) == ["at most 1 task spans ran at once, never 3"])
    }

    @Test func aQueueOfFourMakesTheFifthPutWait() throws {
        let trace = try trace(of: "traced-queue-of-4")
        #expect(trace.spans(.wait).map(\.name) == ["put 等待空位"])
        #expect(Self.queueOfFour.problems(trace) == [])
    }

    @Test func aQueueWithoutABoundFailsTheCheck() throws {
        let trace = try trace(of: "traced-unbounded-queue")
        #expect(trace.spans(.wait).isEmpty)
        #expect(Self.queueOfFour.problems(trace).first?.contains("held 5") == true)
    }

    /// Overlap and its absence, on spans written by hand: the lock's and the race's checks.
    @Test func overlapChecksTellInterleavedSpansFromSerialOnes() {
        func span(_ lane: String, _ kind: TraceEvent.Kind, _ time: Double) -> TraceEvent {
            TraceEvent(time: time, lane: lane, kind: kind, category: .lock, name: "持有锁")
        }
        let serial = Trace(events: [
            span("f1", .begin, 0), span("f1", .end, 1), span("f2", .begin, 1), span("f2", .end, 2),
        ])
        let interleaved = Trace(events: [
            span("f1", .begin, 0), span("f2", .begin, 0.5), span("f1", .end, 1), span("f2", .end, 2),
        ])
        let never = TraceCheck.neverOverlap(.lock, zh: "")
        let some = TraceCheck.someOverlap(.lock, zh: "")
        #expect(never.problems(serial) == [] && some.problems(serial) != [])
        #expect(never.problems(interleaved) != [] && some.problems(interleaved) == [])
        // A span that never ended lasts to the end of the trace.
        let open = Trace(events: [span("f1", .begin, 0), span("f2", .begin, 0.5), span("f2", .end, 2)])
        #expect(never.problems(open) != [])
    }

    /// Lines of several processes become lanes named by process, in time order; bad lines are skipped.
    @Test func theCollectorNamesLanesAndCountsDrops() throws {
        let text = """
            300\t7\t1\tbegin\ttask\t-\t任务 1\t-
            100\t5\t9\tbegin\tthread\tf1\tf1\t-
            200\t5\t8\tpoint\tqueue\t-\tput\t3
            garbled line
            400\t7\t0\tdropped\t-\t-\t-\t12
            """
        let trace = try #require(TraceCollector.parse(text, start: 100))
        #expect(trace.events.map(\.lane) == ["进程 1 · f1", "进程 1 · 线程 1", "进程 2 · 线程 1"])
        #expect(trace.events.map(\.time) == [0, 1e-7, 2e-7])
        #expect(trace.events[1].value == 3 && trace.dropped == 12)
    }
}
