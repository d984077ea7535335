// Block:   并发通信 › 3.线程通信, third block
//          (block 5 of the notes)
// Concept: A lock lets one thread at a time run the code it guards. Each
//          thread holds it for its whole loop, so no update can be lost.
// Notes:   Correct: the result is 1 every time. Because the lock is held
//          around the whole loop, f1 and f2 in fact run one after the
//          other; that is correct, though the threads never overlap.
//          Python's acquire()/release() pair is `withLock` here: the lock
//          is released even if the body throws.

import ExampleKit
import Foundation

enum LockedCounter {
    static let iterations = 1_000_000

    static func main(_ context: ExampleContext) throws {
        let lock = NSLock()  // lock = Lock()
        let shared = UnsafeSharedCell(1)  // var = 1

        let t1 = JoinableThread {  // f1
            lock.withLock {  // lock.acquire() … lock.release()
                for _ in 0..<iterations { shared.value += 1 }
            }
        }
        let t2 = JoinableThread {  // f2
            lock.withLock {
                for _ in 0..<iterations { shared.value -= 1 }
            }
        }
        t1.start()
        t2.start()
        t1.join()
        t2.join()

        print(
            "f1 added 1 and f2 subtracted 1, \(iterations) times each"
        )
        print("var = \(shared.value) (correct: 1)")
    }
}
