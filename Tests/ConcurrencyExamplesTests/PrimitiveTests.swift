@testable import ConcurrencyExamples
import Foundation
import Testing

@Suite("Processes and threads")
struct ProcessAndThreadTests {
    @Test func aForkedChildChangesOnlyItsOwnCopy() {
        let box = UnsafeSharedCell(10)
        let child = ForkedProcess {
            box.value += 1
            exit(box.value == 11 ? 0 : 1)
        }
        child.start()
        child.join()
        #expect(child.exitCode == 0)
        #expect(box.value == 10)
    }

    @Test func exitCodesAndSignalsAreReported() {
        let failing = ForkedProcess { _exit(3) }
        failing.start()
        failing.join()
        #expect(failing.exitCode == 3)
        let killed = ForkedProcess { raise(SIGKILL) }
        killed.start()
        killed.join()
        #expect(killed.exitCode == -SIGKILL)
        let throwing = ForkedProcess { throw SocketError(message: "boom") }
        throwing.start()
        throwing.join()
        #expect(throwing.exitCode == 1)
    }

    @Test func joinMakesAThreadsWritesVisible() {
        let cell = UnsafeSharedCell([Int]())
        let lock = NSLock()
        let threads = (0..<8).map { index in
            JoinableThread { lock.withLock { cell.value.append(index) } }
        }
        threads.forEach { $0.start() }
        threads.forEach { $0.join() }
        #expect(cell.value.sorted() == Array(0..<8))
    }
}

@Suite("The Manager's shared list")
struct ListManagerTests {
    @Test func appendsFromChildProcessesReachTheServer() throws {
        let manager = try ListManager.start()
        defer { manager.shutdown() }
        let list = try manager.list()
        let children = (1...4).map { value in ForkedProcess { try list.append(value * 10) } }
        children.forEach { $0.start() }
        children.forEach { $0.join() }
        #expect(children.allSatisfy { $0.exitCode == 0 })
        #expect(try list.count() == 4)
        #expect(try Set((0..<4).map { try list[$0] }) == [10, 20, 30, 40])
        #expect(try list[-1] == list[3])
    }

    @Test func eachListIsSeparateAndBadIndexesThrow() throws {
        let manager = try ListManager.start()
        defer { manager.shutdown() }
        let first = try manager.list(), second = try manager.list()
        try first.append(1)
        #expect(try second.count() == 0)
        #expect(throws: SocketError.self) { try second[0] }
    }

    @Test func shutdownEndsTheServerProcess() throws {
        let manager = try ListManager.start()
        manager.shutdown()
        #expect(kill(manager.serverPID, 0) == -1)
    }
}
