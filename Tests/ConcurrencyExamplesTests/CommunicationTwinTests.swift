import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples

@Suite("The twins of blocks 1 to 7", .hangGuard)
struct CommunicationTwinTests {
    /// Each port of blocks 1 to 7 has one twin, of the same block and
    /// fingerprint, with the same expectations, compared with the same
    /// run of the notes' Python where the port is.
    @Test func everyPortOfTheChapterHasATwinOfTheSameBlock() throws {
        let registry = CourseExamples.registry
        let twins = CourseTwins.communication
        #expect(twins.count == 7)
        for twin in twins {
            #expect(twin.kind == .idiomatic, "\(twin.id)")
            guard case .async = twin.entry else {
                Issue.record("\(twin.id) does not run in a task")
                continue
            }
            let portID = String(twin.id.dropLast("-modern".count))
            #expect(twin.id.hasSuffix("-modern"))
            let port = try #require(registry.example(id: portID), "\(twin.id) has no port \(portID)")
            #expect(port.kind == .port)
            #expect(twin.block == port.block, "\(twin.id)")
            #expect(twin.fingerprint == port.fingerprint, "\(twin.id)")
            #expect(twin.sameOutput == port.sameOutput, "\(twin.id)")
            // Blocks 4 and 5 print one result line in place of the port's
            // forced interleaving; the producer/consumer ports also show
            // the queue's bound first, and their trace, which the twins
            // leave out. The rest are held to the port's own.
            if ["process-producer-consumer", "thread-producer-consumer"].contains(portID) {
                #expect(twin.expectations == CourseExamples.producerConsumerOutput, "\(twin.id)")
                #expect(port.expectations == CourseExamples.portProducerConsumerOutput, "\(twin.id)")
            } else if !["thread-race", "thread-lock"].contains(portID) {
                #expect(twin.expectations == port.expectations, "\(twin.id)")
            }
        }
    }

    /// A twin reads like a Go by Example page: short, and no line wider
    /// than the examples' format allows.
    @Test func everyTwinIsShort() throws {
        for twin in CourseTwins.communication {
            let source = try String(contentsOfFile: twin.sourcePath, encoding: .utf8)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= 60, "\(twin.source) has \(lines.count) lines")
            #expect(source.contains("enum \(twin.source.dropLast(".swift".count))"), "\(twin.source)")
        }
    }

    @Test func theCounterTwinsEndAtOneEveryTime() async throws {
        try await DedicatedTaskExecutor("CounterTwins").run {
            for _ in 0..<20 {
                #expect(await UnsynchronizedRaceTwin.run(iterations: 20_000) == 1)
                #expect(await LockedCounterTwin.run(iterations: 20_000) == 1)
            }
            // The workload: one actor call, or one lock, per update.
            #expect(await LockedCounterTwin.contendedUpdates(iterations: 20_000) == 1)
        }
        for _ in 0..<5 {
            #expect(LockedCounter.contendedUpdates(iterations: 20_000) == 1)
        }
    }

    /// The producer/consumer twins' consumers check that they received
    /// every item (a failed `invariant` would end the test run).
    @Test func theProducerConsumerTwinsMoveEveryItem() async throws {
        try await DedicatedTaskExecutor("ProducerConsumerTwins").run {
            try await ProcessProducerConsumerTwin.run(items: 5_000, verbose: false)
            try await ThreadProducerConsumerTwin.run(items: 5_000, verbose: false)
        }
    }

    @Test func theWorkloadOptionIsReadFromTheArguments() throws {
        func size(_ arguments: [String]) throws -> Int? {
            try Workload.size(in: ExampleContext(id: "x", arguments: arguments), default: 200_000)
        }
        #expect(try size([]) == nil)
        #expect(try size(["--port", "80"]) == nil)
        #expect(try size(["--workload"]) == 200_000)
        #expect(try size(["--workload", "1000"]) == 1000)
        #expect(try size(["--workload", "--verbose"]) == 200_000)
        #expect(throws: ExampleContext.ArgumentError.self) { try size(["--workload", "many"]) }
        #expect(throws: ExampleContext.ArgumentError.self) { try size(["--workload", "0"]) }
    }
}
