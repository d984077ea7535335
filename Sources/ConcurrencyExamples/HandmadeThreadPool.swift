// 代码块: 并发池（进程池与线程池） › 2.线程池，第 1 段，
//   笔记的第 9 段代码
// 概念: 线程池：n 个线程只启动一次，都从同一个任务队列里取任务，
//   所以最多有 n 个任务同时运行。
// 笔记: 循环对同一个对象调用了 n 次 `super().__init__()` 和
//   `self.start()`，并没有创建 n 个线程对象。CPython 3.11
//   恰好允许这样：n 个线程共用一个对象（它的 `name`、`ident`、
//   `is_alive()` 只反映最后启动的那个），能运行只是碰巧。
//   代码只定义了类，什么也不输出。
// Swift 6: 移植创建 n 个各自独立的线程，共用一个队列，再提交 f1 和
//   f2，然后 `join()`，并检查两个任务确实同时运行（说明写在 stderr）。

import ExampleKit

/// `MyThread(n)`: n worker threads sharing one task queue of 3.
final class MyThreadPool: Sendable {
    typealias Task = @Sendable () -> Void
    // 创建一个公共队列，存放任务
    let queue = BlockingQueue<Task>(maxsize: 3)

    init(_ n: Int) {
        for number in 1...max(1, n) {  // 创建多个线程: one thread per turn
            let queue = self.queue
            JoinableThread(name: "工作线程 \(number)") {
                while let task = try? queue.get() {
                    Tracer.span(.task, "任务") { task() }
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
        // --workload [N]: N tiny tasks, one line out (see Workload)
        if let count = try Workload.tasks(in: context) {
            let counter = Workload.Counter()
            let seconds = try Workload.time {
                for _ in 0..<count {
                    try pool.submitTasks { counter.increment() }
                }
                pool.join()
            }
            invariant(counter.value == count, "有任务没有运行")
            return Workload.report(count, "tasks", in: seconds)
        }
        let log = TaskLog()  // when each task ran
        try pool.submitTasks { log.record("f1") { f1() } }
        try pool.submitTasks {
            log.record("f2") { f2([1, 2], ["a": 1]) }
        }
        pool.join()

        invariant(
            log.count == 2 && log.allOverlapped,
            "两个任务没有同时运行")
        note("f1 和 f2 在线程池的两个线程上同时运行")
    }
}
