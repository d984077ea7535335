import Foundation
import Testing

@testable import NotesKit

@Suite("Work spread over cores keeps its order", .hangGuard)
struct ParallelTests {
    @Test(arguments: [0, 1, 511, 512, 513, 5000])
    func eachElementIsMappedInOrder(_ count: Int) {
        let numbers = Array(0..<count)
        #expect(Parallel.mapEach(numbers) { $0 * 3 } == numbers.map { $0 * 3 })
        #expect(Parallel.mapEach(numbers, run: 7) { "\($0)" } == numbers.map { "\($0)" })
    }

    @Test func theFirstFailureByIndexIsThrown() {
        struct Failure: Error, Equatable { var index: Int }
        #expect(throws: Failure(index: 3)) {
            _ = try Parallel.map(100, jobs: 1) { index throws(Failure) -> Int in
                if index == 3 || index == 50 { throw Failure(index: index) }
                return index
            }
        }
        let results = Parallel.map(1000, jobs: 4) { $0 * $0 }
        #expect(results == (0..<1000).map { $0 * $0 })
    }
}

@Suite("Fragments many blocks share", .hangGuard)
struct SharedFragmentsTests {
    @Test func aFragmentIsMadeOnceAndSharedAcrossThreads() {
        final class Count: @unchecked Sendable {
            let lock = NSLock()
            var value = 0
        }
        let count = Count()
        let key = "test fragment \(UInt64.random(in: 0...UInt64.max))"
        let fragments = Parallel.map(200, jobs: 4) { _ in
            SharedFragments.fragment(key) {
                count.lock.withLock { count.value += 1 }
                return HTML.element("p", text: "同一段")
            }
        }
        #expect(Set(fragments.map(\.markup)) == ["<p>同一段</p>"])
        // Two threads may both make it before either keeps it; never more than there are threads.
        #expect((1...4).contains(count.value))
        #expect(SharedFragments.fragment(key) { .empty } == HTML.element("p", text: "同一段"))
    }
}
