// 代码块: 并发池（进程池与线程池） › 1.可重复利用的单线程，
//   笔记的第 8 段代码，现代写法
// 概念: 线程换成一个长期运行的任务，队列换成 `AsyncStream`：
//   `submit` 把作业放进流里，任务用 `for await` 依次取出来执行；
//   流空了，任务就挂起等待，不占线程。`join()` 往流里放一个只发
//   信号的作业：作业按顺序执行，轮到它时，前面的都做完了。流不限
//   长度（笔记是 `Queue(3)`）；sleep 同样缩短为 0.1 倍（0.3 秒）。
// Swift 6: 作业是 `@Sendable` 闭包，编译器检查它捕获的东西能交给
//   另一个任务去用；Python 的队列里什么都能放。覆盖父类的方法要写
//   `override`，签名也得对上，笔记那样悄悄去掉 `join` 的 `timeout`
//   编译不过；这里的 `join()` 是 `Worker` 自己的方法。

import ExampleKit
import Synchronization

enum ReusableWorkerThreadTwin {
    /// 一个长期运行的任务，按提交的顺序执行作业：笔记的 `MyThread`。
    final class Worker: Sendable {
        typealias Job = @Sendable () async -> Void
        private let jobs: AsyncStream<Job>.Continuation
        private let ended = Atomic(false)

        init() {
            let (stream, jobs) = AsyncStream.makeStream(of: Job.self)
            self.jobs = jobs
            Task { [self] in
                await Tracer.task("工作任务") {
                    for await job in stream { await job() }
                }
                // 流结束才会走到这里
                ended.store(true, ordering: .releasing)
            }
        }

        func submit(_ job: @escaping Job) { jobs.yield(job) }

        /// 等已提交的作业都做完；不等工作任务结束。
        func join() async {
            await withCheckedContinuation { done in
                jobs.yield { done.resume() }
            }
        }

        /// Python 的 `is_alive()`：工作任务还没有结束。
        var isAlive: Bool { !ended.load(ordering: .acquiring) }
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
        let t = Worker()
        t.submit { await f1() }
        t.submit { await f2([1, 2], ["a": 1]) }
        await t.join()
        print(
            "join() 返回后，工作任务还活着：",
            PythonRepr.bool(t.isAlive))

        // 它停在 `for await` 上等下一个作业，还能接着用：
        t.submit { note("join() 之后提交的作业，同一个任务照样执行") }
        await t.join()
    }
}
