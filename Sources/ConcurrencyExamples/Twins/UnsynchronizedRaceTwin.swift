// 代码块: 并发通信 › 3.线程通信，第 2 段，笔记的第 4 段代码
// 概念: 移植用 `UnsafeSharedCell` 有意制造竞争；这里把 `var` 换成
//   `Atomic<Int>`：`wrappingAdd` 是一次不可分的读-改-写，两个任务
//   同时各做 1000000 次加 1、减 1，结果每次都正好是 1。
//   `.relaxed` 就够了：只要求每次加减不可分，不需要和别的内存操作排序；
//   任务组结束时两个子任务写的都已可见。
// Swift 6: 笔记的写法（两个线程改一个全局 `var`）在 Swift 6 里是编译
//   错误，见 Lessons/RaceWithGlobal.swift；`Atomic` 是 Sendable，
//   编译器放行，竞争也就不存在了。ThreadSanitizer 对这个例子没有报告。

import ExampleKit
import Synchronization

enum UnsynchronizedRaceTwin {
    static let iterations = 1_000_000

    /// var = 1, shared by the tasks; only atomic operations touch it.
    final class Counter: Sendable {
        let value = Atomic<Int>(1)
    }

    static func main(_ context: ExampleContext) async throws {
        // `--workload N`: N increments by each task, timed.
        if let n = try Workload.size(in: context, default: iterations) {
            await Workload.measure(2 * n, unit: "increments") {
                _ = await run(iterations: n)
            }
            return
        }
        let value = await run(iterations: iterations)
        print(
            "原子操作，f1 加 1、f2 减 1，各 \(iterations) 次之后 "
                + "var = \(value)（正确的值是 1）")
    }

    static func run(iterations: Int) async -> Int {
        let counter = Counter()
        await withDiscardingTaskGroup { group in
            group.addTask {  // f1: var += 1
                await Tracer.task("f1") {
                    for _ in 0..<iterations {
                        counter.value.wrappingAdd(1, ordering: .relaxed)
                    }
                }
            }
            group.addTask {  // f2: var -= 1
                await Tracer.task("f2") {
                    for _ in 0..<iterations {
                        counter.value.wrappingSubtract(
                            1, ordering: .relaxed)
                    }
                }
            }
        }  // t1.join(), t2.join()
        return counter.value.load(ordering: .relaxed)
    }
}
