// 代码块: 并发池（进程池与线程池） › 2.线程池，第 1 段，
//   笔记的第 9 段代码，现代写法
// 概念: 不再开 n 个线程去抢一个队列：池是一个任务组，先放进 n 个
//   子任务，此后每做完一个，再放进一个，所以同时最多运行 n 个。
//   `withTaskGroup` 返回时，子任务全都做完了，这就是 `join()`。
//   子任务在 Swift 共用的几个线程上运行，不为池另开线程。sleep
//   同样缩短为 0.1 倍（0.3 秒）；两个任务是否同时运行，写在 stderr。
// Swift 6: 子任务活不过它的任务组：`withTaskGroup` 返回之前一定等
//   它们做完，作业不会被悄悄丢下。作业是 `@Sendable` 闭包，编译器
//   检查它们捕获的东西可以同时在几个任务里用。

import ExampleKit

enum HandmadeThreadPoolTwin {
    typealias Job<T> = @Sendable () async -> T

    /// 笔记的 `MyThread(n)`：同时最多运行 n 个作业，返回时都已做完。
    /// - Returns: 各作业的值，按做完的先后。
    static func pool<T: Sendable>(
        _ n: Int, _ jobs: some Sequence<Job<T>>
    ) async -> [T] {
        await withTaskGroup(of: T.self) { group in
            var waiting = jobs.makeIterator()
            for _ in 0..<n {
                guard let job = waiting.next() else { break }
                group.addTask(operation: job)
            }
            var done: [T] = []
            while let value = await group.next() {
                done.append(value)
                if let job = waiting.next() {
                    group.addTask(operation: job)
                }
            }
            return done
        }
    }

    static func f1() async {
        try? await Task.sleep(for: .milliseconds(300))  // sleep(3)
        print("任务一完成", PythonRepr.tuple([]), PythonRepr.dict([:]))
    }

    static func f2(_ a: [Int], _ kw: KeyValuePairs<String, Int>) async {
        try? await Task.sleep(for: .milliseconds(300))
        print("任务二完成", PythonRepr.tuple(a), PythonRepr.dict(kw))
    }

    static func main(_ context: ExampleContext) async throws {
        if let count = try Workload.tasks(in: context) {
            return await Workload.throughTaskGroupPool(count)
        }
        let jobs: [Job<Span>] = [
            { await timed("f1") { await f1() } },
            { await timed("f2") { await f2([1, 2], ["a": 1]) } },
        ]
        let spans = await pool(3, jobs)  // submit_tasks，再 join()
        invariant(
            spans.count == 2 && spans.allOverlap,
            "两个任务没有同时运行")
        note("f1 和 f2 在池里的两个子任务中同时运行")
    }
}
