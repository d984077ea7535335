// 代码块: 并发通信 › 3.线程通信，第 2 段，笔记的第 4 段代码
// 概念: 两个线程改同一个变量，中间没有任何同步。`var += 1`
//   是先读、再加、再写；两个线程读到同一个旧值时，后写的覆盖先写的，
//   一次更新就丢了。这里先用握手让两个线程按“都读完、f1 写、f2
//   写”的顺序走一遍，每次运行都丢掉 f1 的更新；再让它们不受约束地各跑
//   100000 次，共 10 轮，丢了多少每次不同，写在 stderr 里。
// 笔记: 代码没有 `print`，什么也不输出。“两个值没有一个是对的”在
//   CPython 3.11 上不成立：末尾加上 `print(var)`，每次都是正确的
//   1，因为解释器不在 `var += 1` 的读和写之间切换线程。
//   循环也不会“一直循环”，竞争丢的是更新。
// Swift 6: 笔记的写法（两个线程改一个全局 `var`）在 Swift 6
//   里编译不过，见 Lessons/RaceWithGlobal.swift。这里用
//   `UnsafeSharedCell`（`@unchecked Sendable`）有意绕过检查，
//   好让竞争显现出来；ThreadSanitizer 会报告不受约束的那部分。

import ExampleKit

enum UnsynchronizedRace {
    static let iterations = 100_000
    static let rounds = 10

    static func main(_ context: ExampleContext) throws {
        // `--workload N` (not in the notes): N updates by each thread,
        // free-running, timed for `scripts/benchmark`; as many by
        // default as its twin and the lock port do.
        if let n = try Workload.size(in: context, default: 1_000_000) {
            Workload.measure(2 * n, unit: "increments") {
                _ = freeRunning(iterations: n)
            }
            return
        }

        // 1. One forced interleaving: both read 1, f1 writes 2, f2
        //    writes 0. The same every run.
        let stepped = SteppedIncrements.run(start: 1)
        for line in stepped.lines { print(line) }

        // 2. The notes' loops, free-running on two threads, a few
        //    times: how many updates are lost varies from run to run.
        var results: [Int] = []
        for _ in 0..<rounds {
            let result = freeRunning()
            invariant(
                abs(result - 1) <= iterations,
                "var = \(result)，丢失更新解释不了这么大的偏差")
            results.append(result)
        }
        let wrong = results.filter { $0 != 1 }.count
        note(
            "不加锁，f1 加 1、f2 减 1，各 \(iterations) 次，跑了 "
                + "\(rounds) 轮：\(wrong) 轮的 var 不是正确的 1，"
                + "丢了更新")
        note("各轮的 var：\(results)")
    }

    /// f1 and f2 as the notes write them, started together, with
    /// nothing ordering their reads and writes. Returns `var`.
    static func freeRunning(iterations: Int = iterations) -> Int {
        let shared = UnsafeSharedCell(1)  // var = 1
        let ready = Barrier(count: 2)

        // f1: var += 1, many times
        let t1 = JoinableThread(name: "f1") {
            ready.arriveAndWait()
            for _ in 0..<iterations { add(1, to: shared) }
        }
        // f2: var -= 1, many times
        let t2 = JoinableThread(name: "f2") {
            ready.arriveAndWait()
            for _ in 0..<iterations { add(-1, to: shared) }
        }
        t1.start()
        t2.start()
        t1.join()
        t2.join()
        return shared.value
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
