// Block:   并发池（进程池与线程池） ›
//          2.线程池, second block (block 10 of the notes)
// Concept: Python's own ThreadPool: apply_async queues a task and returns
//          at once with a result object; close() ends submission; join()
//          waits for the tasks. The pool's three threads run f1 and f2 at
//          the same time, so both finish after about one task's time.
// Notes:   Correct. As the prose says, the result of apply_async has a
//          get() that blocks until the task is done; this port calls it.

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
        let started = monotonicSeconds()
        let log = TaskLog()  // when each task ran

        let mt = ThreadPool(3)  // 指定线程的个数
        let first = try mt.applyAsync { log.record { f1() } }
        // 提交任务
        try mt.applyAsync { log.record { f2([1, 2], ["a": 1]) } }

        try first.get()  // blocks until f1 is done
        print("get() returned once f1 was done")

        mt.close()  // no more tasks
        mt.join()  // wait for the pool

        let elapsed = monotonicSeconds() - started
        invariant(
            log.allOverlapped,
            "f1 and f2 did not run at the same time"
        )
        let took = String(format: "%.1f", elapsed)
        print("f1 and f2 overlapped: 0.6 s of sleeping took \(took) s")
    }
}
