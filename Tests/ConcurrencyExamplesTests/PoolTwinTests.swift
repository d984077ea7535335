import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples

@Suite("The twins of the pools and echo servers (blocks 8 to 12)", .hangGuard)
struct PoolTwinTests {
    /// How many jobs run at once, and the most that ever did.
    final class Occupancy: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private(set) var most = 0

        func enter() {
            lock.withLock {
                running += 1
                most = max(most, running)
            }
        }
        func leave() { lock.withLock { running -= 1 } }
    }

    @Test func theTaskGroupPoolRunsAtMostNJobsAtOnceAndReturnsEveryValue() async {
        let occupancy = Occupancy()
        let jobs: [HandmadeThreadPoolTwin.Job<Int>] = (0..<12).map { number in
            {
                occupancy.enter()
                try? await Task.sleep(for: .milliseconds(20))
                occupancy.leave()
                return number
            }
        }
        let values = await HandmadeThreadPoolTwin.pool(3, jobs)
        #expect(values.sorted() == Array(0..<12))
        #expect(occupancy.most == 3)
    }

    @Test func theTaskGroupPoolTakesFewerJobsThanItsWidth() async {
        let one: HandmadeThreadPoolTwin.Job<Int> = { 1 }
        #expect(await HandmadeThreadPoolTwin.pool(3, [one]) == [1])
        #expect(await HandmadeThreadPoolTwin.pool(3, [HandmadeThreadPoolTwin.Job<Int>]()).isEmpty)
    }

    /// Numbers jobs append, under a lock.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var numbers: [Int] = []

        func append(_ number: Int) { lock.withLock { numbers.append(number) } }
        var all: [Int] { lock.withLock { numbers } }
    }

    @Test func theReusableWorkerRunsJobsInOrderAndOutlivesJoin() async {
        let worker = ReusableWorkerThreadTwin.Worker()
        let seen = Seen()
        for number in 1...5 {
            worker.submit {
                // Later jobs sleep less: only the order of the queue keeps them in order.
                try? await Task.sleep(for: .milliseconds(10 - 2 * number))
                seen.append(number)
            }
        }
        await worker.join()
        #expect(seen.all == [1, 2, 3, 4, 5])
        #expect(worker.isAlive)
        worker.submit { seen.append(6) }
        await worker.join()
        #expect(seen.all == [1, 2, 3, 4, 5, 6])
    }

    @Test func spansOverlapOnlyWhenSomeMomentIsInsideEvery() {
        let now = ContinuousClock.now
        let a = now..<now + .seconds(2)
        let b = now + .seconds(1)..<now + .seconds(3)
        let c = now + .seconds(2)..<now + .seconds(4)
        #expect([a, b].allOverlap)
        #expect(![a, c].allOverlap)
        #expect(![Span]().allOverlap)
    }

    @Test func workloadArguments() throws {
        func size(_ arguments: [String]) throws -> Int? {
            try Workload.size(in: ExampleContext(id: "x", arguments: arguments), default: 7)
        }
        #expect(try size([]) == nil)
        #expect(try size(["--port", "8989"]) == nil)
        #expect(try size(["--workload"]) == 7)
        #expect(try size(["--workload", "--port", "8989"]) == 7)
        #expect(try size(["--port", "8989", "--workload", "50"]) == 50)
        for bad in [["--workload", "abc"], ["--workload", "0"], ["--workload", "-3"]] {
            #expect(throws: ExampleContext.ArgumentError.self) { try size(bad) }
        }
    }

    /// The echo twins under a small workload, in this process: their
    /// event loops serve 100 clients at once and shut down. (Each prints
    /// its one `workload:` line.)
    @Test(arguments: ["threadpool-echo-server-modern", "prefork-echo-server-modern"])
    func theEchoTwinsServeAWorkloadAndShutDown(id: String) async throws {
        let twin = try #require(CourseExamples.registry.example(id: id))
        guard case .async(let main) = twin.entry else {
            Issue.record("\(id) is not async")
            return
        }
        try await main(ExampleContext(id: id, arguments: ["--workload", "3"]))
    }

    /// A pool with fewer threads than the workload has clients serves the
    /// rest as connections close: no client waits for another.
    @Test func theWorkloadDriverNeedsNoMoreServerThreadsThanOne() throws {
        let server = try TCPListener(backlog: EchoClients.workloadBacklog)
        let pool = ThreadPool(1)
        let acceptLoop = JoinableThread {
            while let connection = try? server.accept() {
                _ = try? pool.applyAsync { ThreadPoolEchoServer.socketRev(connection, quiet: true) }
            }
        }
        acceptLoop.start()
        let seconds = try EchoClients.workload(port: server.port, clients: 10, roundTrips: 5)
        server.shutdown()
        acceptLoop.join()
        server.close()
        pool.close()
        pool.join()
        #expect(seconds > 0)
    }

    @Test func theWorkloadDriverReportsAServerThatEchoesSomethingElse() throws {
        let server = try TCPListener()
        let acceptLoop = JoinableThread {
            while let connection = try? server.accept() {
                let reply = JoinableThread {
                    defer { connection.close() }
                    while let data = try? connection.recv(1024), !data.isEmpty {
                        try? connection.send(data.reversed())
                    }
                }
                reply.start()
            }
        }
        acceptLoop.start()
        defer {
            server.shutdown()
            acceptLoop.join()
            server.close()
        }
        #expect(throws: SocketError.self) {
            try EchoClients.workload(port: server.port, clients: 2, roundTrips: 2)
        }
    }

    @Test func everyPoolBlockHasAnIdiomaticTwinReviewedAgainstThePortsFingerprint() {
        let examples = CourseExamples.registry.examples
        let twins = examples.filter { $0.kind == .idiomatic && CourseTwins.pools.map(\.id).contains($0.id) }
        #expect(twins.count == 5)
        for twin in twins {
            let port = examples.first { $0.kind == .port && $0.block == twin.block }
            #expect(port != nil, "\(twin.id) has no port of its block")
            #expect(twin.fingerprint == port?.fingerprint, "\(twin.id)")
            #expect(twin.id == (port?.id ?? "") + "-modern")
            guard case .async = twin.entry else {
                Issue.record("\(twin.id) is not async")
                continue
            }
        }
    }
}
