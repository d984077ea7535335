// Block:   并发池（进程池与线程池） ›
//          1.可重复利用的单线程 (block 8 of the notes)
// Concept: One thread, started once and reused: it loops for ever, taking
//          tasks from its own queue. `submit_tasks` puts a task on the
//          queue; `join` waits on the queue (every task got and marked
//          done), not on the thread, which never ends.
// Notes:   The code is right, but only defines the class; this port adds
//          the use the next blocks make of it: submit f1 and f2, then join.
//          The prose says `q.task_one()`: the method is `task_done()`
//          (Python's Queue has no `task_one`). It also says join blocks
//          "when there are items": as its next line says, join waits for
//          the counter of unfinished tasks to reach 0, and a task taken by
//          get() counts until task_done(), even once the queue is empty.

import ExampleKit

/// `MyThread`: a daemon worker thread with a task queue of 3.
final class MyThread: Sendable {
    typealias Task = @Sendable () -> Void
    // self.queue = Queue(3)
    let queue = BlockingQueue<Task>(maxsize: 3)

    init() {
        let queue = self.queue
        // self.start() in __init__: the thread runs until the process
        // ends (daemon).
        JoinableThread {
            // func,args,kwargs = self.queue.get()
            while let task = try? queue.get() {
                task()  // func(*args,**kwargs)
                try? queue.taskDone()  // counter minus one
            }
        }.start()
    }

    /// Adds a task to the queue.
    func submitTasks(_ task: @escaping Task) throws {
        try queue.put(task)
    }

    /// Waits until every submitted task is done.
    func join() {
        queue.join()
    }
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
        let worker = MyThread()
        try worker.submitTasks { f1() }
        try worker.submitTasks { f2([1, 2], ["a": 1]) }
        worker.join()  // returns when the counter is 0
        let unfinished = worker.queue.unfinishedTasks
        print("join() returned: \(unfinished) unfinished tasks")
    }
}
