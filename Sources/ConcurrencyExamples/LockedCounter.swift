// 代码块: 并发通信 › 3.线程通信，第 3 段，笔记的第 5 段代码
// 概念: 锁让同一时刻只有一个线程执行它保护的代码。读和写都在锁里，
//   另一个线程就插不到中间：同样的握手，f2 只能等锁，等 f1
//   写完再读，更新一次也不会丢。
// 笔记: 结果是对的，但代码没有 `print`，看不到。锁包住了整个循环，所以
//   f1 和 f2 其实是一个接一个运行的；循环也不会“一直循环”。
// Swift 6: `lock.withLock { … }` 代替成对的 `acquire()`/`release()`，
//   出错时锁也会释放（Python 里是 `with lock:`）。

import ExampleKit
import Foundation

enum LockedCounter {
    static let iterations = 1_000_000

    static func main(_ context: ExampleContext) throws {
        // `--workload N` (not in the notes): N updates by each thread,
        // each taking the lock on its own, timed for `scripts/benchmark`.
        // (A lock around a whole loop would time one addition: the
        // optimizer folds the loop.)
        if let n = try Workload.size(in: context, default: iterations) {
            try Workload.measure(2 * n, unit: "locked-updates") {
                let value = contendedUpdates(iterations: n)
                guard value == 1 else {
                    throw Workload.Mismatch("var = \(value), not 1")
                }
            }
            return
        }

        // 1. The forced interleaving of the race port, now with the
        //    lock around each read and write: f2 waits for the lock.
        let stepped = SteppedIncrements.run(start: 1, lock: NSLock())
        for line in stepped.lines { print(line) }

        // 2. The notes' code: the lock around each whole loop.
        let value = lockedLoops(iterations: iterations)
        print(
            "加锁，f1 加 1、f2 减 1，各 \(iterations) 次之后 "
                + "var = \(value)（正确的值是 1）")
    }

    /// f1 and f2 as the notes write them. Returns `var`.
    static func lockedLoops(iterations: Int) -> Int {
        let lock = NSLock()  // lock = Lock()
        let shared = UnsafeSharedCell(1)  // var = 1

        let t1 = JoinableThread(name: "f1") {
            lock.withLock {  // lock.acquire() … lock.release()
                Tracer.span(.lock, "持有锁") {
                    for _ in 0..<iterations { shared.value += 1 }
                }
            }
        }
        let t2 = JoinableThread(name: "f2") {
            lock.withLock {
                Tracer.span(.lock, "持有锁") {
                    for _ in 0..<iterations { shared.value -= 1 }
                }
            }
        }
        t1.start()
        t2.start()
        t1.join()
        t2.join()
        return shared.value
    }

    /// The workload: f1 and f2 take the lock for every single update.
    static func contendedUpdates(iterations: Int) -> Int {
        let lock = NSLock()
        let shared = UnsafeSharedCell(1)
        let threads = [1, -1].map { delta in
            JoinableThread {
                for _ in 0..<iterations {
                    lock.withLock { shared.value += delta }
                }
            }
        }
        for thread in threads { thread.start() }
        for thread in threads { thread.join() }
        return shared.value
    }
}
