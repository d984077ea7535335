// Block:   并发通信 › 3.线程通信, second block
//          (block 4 of the notes)
// Concept: Two threads change one variable with nothing ordering them.
//          `var += 1` is a read, an add and a write; when the threads
//          interleave, one thread's write overwrites the other's update,
//          and updates are lost.
// Notes:   The race is real, but the block never prints `var`, and the
//          claim "两个值没有一个是对的" does not hold under
//          CPython 3.11 (measured with 3.11.7: the result was 1, the
//          correct value, in 10 of 10 runs at 1,000 iterations and
//          5 of 5 at 10,000,000), because CPython switches threads
//          only between whole statements here. Swift threads run truly
//          in parallel, so this port, with 1,000,000 iterations each,
//          loses updates on most runs.
// Swift 6: The notes' version, a global `var` changed by two threads, does
//          not compile: Swift 6 rejects shared mutable state that nothing
//          protects (Lessons/RaceWithGlobal.swift shows the error, and the
//          checker verifies it). This port opts out on purpose with an
//          `@unchecked Sendable` cell, so that the race can be seen, and
//          ThreadSanitizer reports it.

import ExampleKit

enum UnsynchronizedRace {
    static let iterations = 1_000_000

    static func main(_ context: ExampleContext) throws {
        let shared = UnsafeSharedCell(1)  // var = 1

        let t1 = JoinableThread {  // f1: var += 1, many times
            for _ in 0..<iterations { add(1, to: shared) }
        }
        let t2 = JoinableThread {  // f2: var -= 1, many times
            for _ in 0..<iterations { add(-1, to: shared) }
        }
        t1.start()
        t2.start()
        t1.join()
        t2.join()

        let result = shared.value
        print(
            "f1 added 1 and f2 subtracted 1, \(iterations) times each"
        )
        print("var = \(result) (correct: 1)")
        print(
            result == 1
                ? "no update was lost this run"
                : "updates were lost: var is off by \(abs(result - 1))"
        )
        invariant(
            abs(result - 1) <= iterations,
            "var = \(result) is beyond what lost updates can explain"
        )
    }

    /// `var += delta`, spelled out as the read and the write it
    /// really is.
    @inline(never)
    static func add(_ delta: Int, to cell: UnsafeSharedCell<Int>) {
        // read
        let current = cell.value
        // write: may undo the other thread's update
        cell.value = current + delta
    }
}
