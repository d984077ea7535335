import Foundation
import Testing

@testable import ConcurrencyExamples
@testable import NotesKit

/// The primitives that fork, each tested in a fresh single-threaded process
/// (see Tests/Scenarios/main.swift for why).
@Suite("Processes, queues and pools across fork()", .hangGuard)
struct ForkScenarioTests {
    static let binary = URL(fileURLWithPath: SelfLauncher.currentExecutable())
        .deletingLastPathComponent().appendingPathComponent("PrimitiveScenarios").path

    static let names: [String] = [
        "traced-pool-of-3",
        "traced-serial-pool",
        "traced-queue-of-4",
        "traced-unbounded-queue",
        "forked-child-changes-its-own-copy",
        "forked-exit-codes",
        "process-queue-keeps-order",
        "process-queue-many-producers",
        "process-queue-put-wakes-a-waiting-get",
        "prefork-workers-run-until-terminated",
        "manager-list-gets-appends-from-children",
        "manager-lists-are-separate",
        "manager-shutdown-ends-the-server",
    ]

    @Test(arguments: names)
    func scenario(_ name: String) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary), "build PrimitiveScenarios first (swift build)")
        let result = try ChildProcess.run(Command(Self.binary, [name]), limits: RunLimits(timeout: .seconds(30)))
        #expect(result.termination == .exited(0), "\(name): \(result.stdout)\(result.stderr)")
        #expect(result.stdout == "ok\n", "\(name): \(result.stdout)\(result.stderr)")
        #expect(!result.timedOut && !result.leftoverProcesses)
    }

    @Test func everyScenarioIsListed() throws {
        let result = try ChildProcess.run(Command(Self.binary, []), limits: RunLimits(timeout: .seconds(30)))
        let listed = result.stdout.split(separator: "\n").dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(listed == Self.names)
    }
}

@Suite("ProcessQueue timeouts, in one process", .hangGuard)
struct ProcessQueueTimeoutTests {
    @Test func fullAndEmptyTimeOut() throws {
        let queue = ProcessQueue<Int>(maxsize: 1)
        #expect(throws: QueueError.empty) { try queue.get(timeout: .milliseconds(50)) }
        try queue.put(1)
        #expect(throws: QueueError.full) { try queue.put(2, timeout: .milliseconds(50)) }
        #expect(queue.count == 1)
        #expect(try queue.get() == 1)
    }
}
