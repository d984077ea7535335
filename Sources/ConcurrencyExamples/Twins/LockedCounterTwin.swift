// 代码块: 并发通信 › 3.线程通信，第 3 段，笔记的第 5 段代码
// 概念: 锁换成 actor：`var` 归 actor 独占，f1 和 f2 成了它的方法。
//   actor 一次只运行一个方法，方法里没有 `await` 就没有别人能插进来，
//   所以整个循环就像笔记里锁住整个循环一样，一个接一个运行，
//   结果每次都是 1。
// Swift 6: 不会忘了加锁，也不会忘了解锁：在 actor 外面改 `value`
//   编译不过，调用它的方法必须 `await`，排队由运行时负责。
//   方法里一旦有 `await`，别的调用就可能在那里插进来（actor 可重入），
//   而那里必须写出 `await`，一眼看得见。

import ExampleKit

enum LockedCounterTwin {
    static let iterations = 1_000_000

    actor Counter {
        var value = 1  // var = 1

        /// f1 and f2: the whole loop runs while no other call can.
        func add(_ delta: Int, times: Int) {
            // A traced run shows the actor held, as the port's lock.
            Tracer.span(.lock, "在 actor 里") {
                for _ in 0..<times { value += delta }
            }
        }
    }

    static func main(_ context: ExampleContext) async throws {
        // `--workload N`: N updates by each task, one actor call each,
        // timed (the port takes its lock once per update too).
        if let n = try Workload.size(in: context, default: iterations) {
            try await Workload.measure(2 * n, unit: "locked-updates") {
                let value = await contendedUpdates(iterations: n)
                guard value == 1 else {
                    throw Workload.Mismatch("var = \(value), not 1")
                }
            }
            return
        }
        let value = await run(iterations: iterations)
        print(
            "actor，f1 加 1、f2 减 1，各 \(iterations) 次之后 "
                + "var = \(value)（正确的值是 1）")
    }

    static func run(iterations: Int) async -> Int {
        let counter = Counter()
        async let t1: Void = Tracer.task("f1") {  // f1
            await counter.add(1, times: iterations)
        }
        async let t2: Void = Tracer.task("f2") {  // f2
            await counter.add(-1, times: iterations)
        }
        _ = await (t1, t2)  // t1.join(), t2.join()
        return await counter.value
    }
}
