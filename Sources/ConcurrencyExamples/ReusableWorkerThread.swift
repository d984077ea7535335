// 代码块: 并发池（进程池与线程池） › 1.可重复利用的单线程，
//   笔记的第 8 段代码
// 概念: 一个线程启动一次、反复使用：它永远循环，
//   从自己的队列里取任务来执行。`submit_tasks` 把任务放进队列；`join`
//   等的是队列（每个任务都被取走并标记完成），不是线程。
// 笔记: 代码只定义了类，什么也不输出。重写的 `join()` 去掉了
//   `Thread.join` 的 `timeout` 参数，`t.join(timeout=1)` 会抛
//   TypeError；它也只等队列，线程永远不会结束，
//   注释说的“子线程完成任务才会终止”不对。
//   正文把阻塞说反了（线程在队列为空时阻塞在 `get()`
//   上）；`q.task_one()` 应为 `task_done()`，它本身不阻塞；`q.join()`
//   等的是未完成任务数归零，不是队列变空。
// Swift 6: 移植像探针那样使用这个类：提交 f1 和 f2，再
//   `join()`，然后看线程是否还活着。`run()` 返回时线程会设置一个标志，
//   `isAlive` 读的就是它，相当于 Python 的 `is_alive()`。

import ExampleKit
import Synchronization

/// `MyThread`: a daemon worker thread with a task queue of 3.
final class MyThread: Sendable {
    typealias Task = @Sendable () -> Void
    // self.queue = Queue(3)
    let queue = BlockingQueue<Task>(maxsize: 3)
    private let running = Atomic(true)

    init() {
        // self.start() in __init__: the thread runs run() until the
        // process ends (daemon).
        JoinableThread { [self] in
            run()
            // run() returned: is_alive() is false from now on.
            running.store(false, ordering: .releasing)
        }.start()
    }

    /// Takes a task, runs it, marks it done, for ever.
    func run() {
        // func,args,kwargs = self.queue.get()
        while let task = try? queue.get() {
            task()  // func(*args,**kwargs)
            try? queue.taskDone()  // 刷新计数器，减一
        }
    }

    /// Adds a task to the queue.
    func submitTasks(_ task: @escaping Task) throws {
        try queue.put(task)
    }

    /// Waits until every submitted task is done; not for the thread.
    func join() {
        queue.join()
    }

    /// Python's `is_alive()`: true until `run()` returns.
    var isAlive: Bool { running.load(ordering: .acquiring) }
}

enum ReusableWorkerThread {
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
        let t = MyThread()
        try t.submitTasks { f1() }
        try t.submitTasks { f2([1, 2], ["a": 1]) }
        t.join()  // returns when the counter is 0
        invariant(
            t.queue.unfinishedTasks == 0,
            "join() 返回时还有未完成的任务")
        print(
            "join() 返回后，线程还活着：",
            PythonRepr.bool(t.isAlive))
    }
}
