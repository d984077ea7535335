import Synchronization
import Testing

@testable import ConcurrencyExamples

/// Waits until `condition` holds, yielding to the other tasks between
/// looks: the tests wait for a state of the channel (a send suspended, a
/// receive suspended), never for a length of time. A state that never
/// comes is caught by the suite's time limit.
private func until(_ condition: () async -> Bool) async {
    while await !condition() { await Task.yield() }
}

/// Whether a task got past a point, for asserting that it has not.
private final class Flag: Sendable {
    private let value = Atomic(false)

    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

@Suite("BoundedChannel: a bounded queue between tasks", .hangGuard)
struct BoundedChannelTests {
    /// Where the tests' tasks and the channel's actor run.
    let executor = DedicatedTaskExecutor("BoundedChannelTests")

    @Test func itemsComeOutInTheOrderSent() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            for item in 1...4 { try await channel.send(item) }  // fits: no wait
            #expect(await channel.buffered == 4)
            var received: [Int] = []
            for _ in 1...4 { received.append(try #require(try await channel.receive())) }
            #expect(received == [1, 2, 3, 4])

            // Many more than fit, through a producer and a consumer.
            let producer = Task(executorPreference: executor) {
                for item in 1...1000 { try await channel.send(item) }
                await channel.finish()
            }
            var all: [Int] = []
            for try await item in channel { all.append(item) }
            try await producer.value
            #expect(all == Array(1...1000))
        }
    }

    @Test func aFifthSendWaitsUntilAReceiveMakesRoom() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            for item in 1...4 { try await channel.send(item) }
            let sent = Flag()
            let fifth = Task(executorPreference: executor) {
                try await channel.send(5)
                sent.set()
            }
            await until { await channel.waitingSenders == 1 }
            #expect(!sent.isSet, "send(5) returned while 4 items were buffered")
            #expect(await channel.buffered == 4)

            #expect(try await channel.receive() == 1)  // makes room
            try await fifth.value
            #expect(sent.isSet)
            #expect(await channel.waitingSenders == 0)
            #expect(await channel.buffered == 4)
            var rest: [Int] = []
            for _ in 1...4 { rest.append(try #require(try await channel.receive())) }
            #expect(rest == [2, 3, 4, 5])
        }
    }

    @Test func aSendHandsItsItemToAWaitingReceiver() async throws {
        try await executor.run {
            let channel = BoundedChannel<String>(capacity: 4)
            let receiver = Task(executorPreference: executor) { try await channel.receive() }
            await until { await channel.waitingReceivers == 1 }
            try await channel.send("hello")
            #expect(try await receiver.value == "hello")
            #expect(await channel.buffered == 0)
        }
    }

    @Test func finishWakesAWaitingReceiverWithNil() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            let receiver = Task(executorPreference: executor) { try await channel.receive() }
            await until { await channel.waitingReceivers == 1 }
            await channel.finish()
            let received = try await receiver.value
            #expect(received == nil)
            #expect(await channel.waitingReceivers == 0)
        }
    }

    @Test func afterFinishTheBufferedItemsStillComeOutThenNil() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            try await channel.send(1)
            try await channel.send(2)
            await channel.finish()
            await channel.finish()  // twice: nothing more happens
            #expect(try await channel.receive() == 1)
            #expect(try await channel.receive() == 2)
            #expect(try await channel.receive() == nil)
            #expect(try await channel.receive() == nil)
            await #expect(throws: ChannelFinished()) { try await channel.send(3) }
            #expect(await channel.buffered == 0)
        }
    }

    @Test func finishRejectsASendThatWaitsForRoom() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            for item in 1...4 { try await channel.send(item) }
            let fifth = Task(executorPreference: executor) { try await channel.send(5) }
            await until { await channel.waitingSenders == 1 }
            await channel.finish()
            await #expect(throws: ChannelFinished()) { try await fifth.value }
            var rest: [Int] = []
            while let item = try await channel.receive() { rest.append(item) }
            #expect(rest == [1, 2, 3, 4], "the rejected 5 must not arrive")
        }
    }

    @Test func aCancelledSendThatWaitsThrowsAndDeliversNothing() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            for item in 1...4 { try await channel.send(item) }
            let fifth = Task(executorPreference: executor) { try await channel.send(5) }
            await until { await channel.waitingSenders == 1 }
            fifth.cancel()
            await #expect(throws: CancellationError.self) { try await fifth.value }
            #expect(await channel.waitingSenders == 0)
            await channel.finish()
            var rest: [Int] = []
            while let item = try await channel.receive() { rest.append(item) }
            #expect(rest == [1, 2, 3, 4])
        }
    }

    @Test func aSendAlreadyCancelledThrowsWhenItWouldWait() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 1)
            try await channel.send(1)
            let second = Task(executorPreference: executor) {
                withUnsafeCurrentTask { $0?.cancel() }
                try await channel.send(2)
            }
            await #expect(throws: CancellationError.self) { try await second.value }
            #expect(await channel.waitingSenders == 0)
            #expect(await channel.buffered == 1)

            // With room, a cancelled task's send does not wait, and succeeds.
            #expect(try await channel.receive() == 1)
            let third = Task(executorPreference: executor) {
                withUnsafeCurrentTask { $0?.cancel() }
                try await channel.send(3)
            }
            try await third.value
            #expect(try await channel.receive() == 3)
        }
    }

    @Test func aCancelledReceiveThatWaitsThrowsAndTakesNothing() async throws {
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 4)
            let receiver = Task(executorPreference: executor) { try await channel.receive() }
            await until { await channel.waitingReceivers == 1 }
            receiver.cancel()
            await #expect(throws: CancellationError.self) { try await receiver.value }
            #expect(await channel.waitingReceivers == 0)

            try await channel.send(7)  // no one waits any more: it is buffered
            #expect(await channel.buffered == 1)
            #expect(try await channel.receive() == 7)
        }
    }

    /// Senders and receivers cancelled at random while items flow, on
    /// two threads: every send that returned is received exactly once,
    /// and no cancelled send's item ever is.
    @Test(arguments: 0..<5) func cancellationRacingTheTrafficLosesNothing(round: Int) async throws {
        let executor = DedicatedTaskExecutor("BoundedChannelTests.race", threads: 2)
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 2)
            let senders = (0..<300).map { item in
                Task(executorPreference: executor) { try await channel.send(item) }
            }
            let receivers = (0..<100).map { _ in
                Task(executorPreference: executor) { try await channel.receive() }
            }
            for (index, task) in senders.enumerated() where index % 3 == round % 3 { task.cancel() }
            for (index, task) in receivers.enumerated() where index % 2 == round % 2 { task.cancel() }

            var sent: Set<Int> = []
            var received: [Int] = []
            for receiver in receivers {
                if let item = try? await receiver.value { received.append(item) }
            }
            // Drain what is left while the senders finish.
            let drain = Task(executorPreference: executor) {
                var rest: [Int] = []
                for try await item in channel { rest.append(item) }
                return rest
            }
            for (item, sender) in senders.enumerated() where (try? await sender.value) != nil { sent.insert(item) }
            await channel.finish()
            received += try await drain.value
            #expect(received.count == Set(received).count, "an item was received twice")
            #expect(Set(received) == sent)
            #expect(await channel.waitingSenders == 0)
            #expect(await channel.waitingReceivers == 0)
        }
    }

    /// 8 producers, 4 consumers, a buffer of 2: every item arrives exactly
    /// once, and each consumer sees each producer's items in the order sent.
    @Test func manyProducersAndConsumersLoseNothing() async throws {
        let executor = DedicatedTaskExecutor("BoundedChannelTests.many", threads: 2)
        try await executor.run {
            let channel = BoundedChannel<Int>(capacity: 2)
            let producers = 8
            let perProducer = 500
            let received = try await withThrowingTaskGroup(of: [Int].self) { consumers in
                for _ in 0..<4 {
                    consumers.addTask(executorPreference: executor) {
                        var mine: [Int] = []
                        for try await item in channel { mine.append(item) }
                        return mine
                    }
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for producer in 0..<producers {
                        group.addTask(executorPreference: executor) {
                            for index in 0..<perProducer { try await channel.send(producer * 10_000 + index) }
                        }
                    }
                    try await group.waitForAll()
                }
                await channel.finish()
                var all: [[Int]] = []
                for try await mine in consumers { all.append(mine) }
                return all
            }
            let expected = (0..<producers).flatMap { producer in
                (0..<perProducer).map { producer * 10_000 + $0 }
            }
            #expect(received.joined().sorted() == expected)
            for mine in received {
                for producer in 0..<producers {
                    let fromProducer = mine.filter { $0 / 10_000 == producer }
                    #expect(fromProducer == fromProducer.sorted(), "out of order from producer \(producer)")
                }
            }
            #expect(await channel.waitingSenders == 0)
            #expect(await channel.waitingReceivers == 0)
        }
    }
}
