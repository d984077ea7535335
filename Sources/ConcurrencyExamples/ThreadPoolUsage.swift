// 代码块: 并发池（进程池与线程池） › 2.线程池，第 2 段，
//   笔记的第 10 段代码
// 概念: Python 自带的 `ThreadPool`：`apply_async` 把任务放进队列，
//   马上返回一个结果对象；`close()` 停止提交；`join()`
//   等任务做完。池里的三个线程同时运行 f1 和
//   f2，两个任务一共只用一个任务的时间。
// 笔记: 代码是对的。正文说结果对象的 `get()` 也会阻塞，移植调用了它：
//   它等到 f1 做完才返回。
// Swift 6: 两个任务各自把一整行写到 stdout。Python 的 `print`
//   把文本和换行分两次写，两个线程之间没有锁，
//   两行理论上可能挤在一行里。

import ExampleKit
import Foundation

enum ThreadPoolUsage {
    static func f1(
        _ args: [Int] = [],
        _ kwargs: KeyValuePairs<String, Int> = [:]
    ) {
        sleep(scaled: 3)  // 模拟耗时操作
        print(
            "任务一完成", PythonRepr.tuple(args),
            PythonRepr.dict(kwargs))
    }

    static func f2(
        _ args: [Int] = [],
        _ kwargs: KeyValuePairs<String, Int> = [:]
    ) {
        sleep(scaled: 3)
        print(
            "任务二完成", PythonRepr.tuple(args),
            PythonRepr.dict(kwargs))
    }

    static func main(_ context: ExampleContext) throws {
        // --workload [N]: N tiny tasks, one line out (see Workload)
        if let count = try Workload.tasks(in: context) {
            let counter = Workload.Counter()
            let seconds = try Workload.time {
                let mt = ThreadPool(3)
                for _ in 0..<count {
                    try mt.applyAsync { counter.increment() }
                }
                mt.close()
                mt.join()
            }
            invariant(counter.value == count, "有任务没有运行")
            return Workload.report(count, "tasks", in: seconds)
        }
        let started = monotonicSeconds()
        let log = TaskLog()  // when each task ran

        // Not in the notes: each task waits (up to 2 s) until both have
        // started, so that they overlap on every run, not by luck; a
        // pool that ran them one at a time would fail the trace check.
        let bothStarted = Barrier(count: 2)
        let mt = ThreadPool(3)  // 指定线程的个数
        let first = try mt.applyAsync {
            bothStarted.arriveAndWait(timeout: .seconds(2))
            log.record("f1") { f1() }
        }
        // 提交任务
        try mt.applyAsync {
            bothStarted.arriveAndWait(timeout: .seconds(2))
            log.record("f2") { f2([1, 2], ["a": 1]) }
        }

        try first.get()  // blocks until f1 is done
        invariant(log.hasFinished("f1"), "get() 在 f1 做完之前就返回了")
        note("get() 等到 f1 做完才返回")

        mt.close()  // 关闭任务提交通道
        mt.join()  // 等待线程池执行完毕

        let elapsed = monotonicSeconds() - started
        invariant(log.allOverlapped, "f1 和 f2 没有同时运行")
        let took = String(format: "%.1f", elapsed)
        note("f1 和 f2 同时运行：两次 0.3 秒的睡眠一共用了 \(took) 秒")
    }
}
