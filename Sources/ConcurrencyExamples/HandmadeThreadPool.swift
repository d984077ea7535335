// Block:   并发池（进程池与线程池） ›
//          2.线程池, first block (block 9 of the notes)
// Concept: A thread pool: n threads, started once, all taking tasks from
//          one shared queue, so up to n tasks run at the same time.
// Notes:   The loop calls `super().__init__()` and `self.start()` n times
//          on one object, instead of making n thread objects. CPython 3.11
//          lets that start n threads, which all share the one object (its
//          name, ident and is_alive() describe only the last), so it works
//          by accident. What it means is n threads sharing one queue, which
//          is what this port builds. Like the previous block it only
//          defines the class; this port submits f1 and f2 and joins.

import ExampleKit

/// `MyThread(n)`: n worker threads sharing one task queue of 3.
final class MyThreadPool: Sendable {
    typealias Task = @Sendable () -> Void
    // 创建一个公共队列，存放任务
    let queue = BlockingQueue<Task>(maxsize: 3)

    init(_ n: Int) {
        for _ in 0..<n {  // 创建多个线程: one thread per turn
            let queue = self.queue
            JoinableThread {
                while let task = try? queue.get() {
                    task()
                    try? queue.taskDone()
                }
            }.start()
        }
    }

    func submitTasks(_ task: @escaping Task) throws {
        try queue.put(task)
    }

    func join() {
        queue.join()
    }
}

enum HandmadeThreadPool {
    static func f1(
        _ args: [Int] = [],
        _ kwargs: KeyValuePairs<String, Int> = [:]
    ) {
        sleep(scaled: 3)
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
        let pool = MyThreadPool(3)
        let log = TaskLog()  // when each task ran
        try pool.submitTasks { log.record { f1() } }
        try pool.submitTasks { log.record { f2([1, 2], ["a": 1]) } }
        pool.join()

        invariant(
            log.count == 2 && log.allOverlapped,
            "the two tasks did not run at the same time"
        )
        print(
            "f1 and f2 ran at the same time, "
                + "on two of the pool's threads")
    }
}
