// 代码块: 并发池（进程池与线程池） › 2.线程池，第 2 段，
//   笔记的第 10 段代码，现代写法
// 概念: Python 自带 `ThreadPool`，Swift 自带任务组。`addTask` 就是
//   `apply_async`：马上返回，子任务已经开始运行；`get()` 是 await
//   子任务的值：`next()` 按做完的先后交出值，等到 f1 的为止；
//   离开任务组就是 `close()` 加 `join()`。`ThreadPool(3)` 的上限
//   在这里用不到（只有两个任务），上限的写法见第 9 段的 `pool`，
//   `--workload` 就用它。sleep 同样缩短为 0.1 倍（0.3 秒）。
// Swift 6: 子任务活不过任务组：离开 `withTaskGroup` 之前一定等它们
//   做完，忘了 `join()` 也不会让任务半途消失（Python 池里是守护
//   线程，主线程一退出就没了）。子任务的值有类型；它捕获的东西，
//   编译器检查能否同时在几个任务里用。

import ExampleKit

enum ThreadPoolUsageTwin {
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
        let started = ContinuousClock.now
        let spans = await withTaskGroup(of: (String, Span).self) { mt in
            mt.addTask { ("f1", await timed("f1") { await f1() }) }
            mt.addTask {
                (
                    "f2",
                    await timed("f2") { await f2([1, 2], ["a": 1]) }
                )
            }

            var spans: [String: Span] = [:]
            while spans["f1"] == nil,  // get()：等到 f1 的值
                let (name, span) = await mt.next()
            {
                spans[name] = span
            }
            invariant(spans["f1"] != nil, "get() 没有等到 f1 的值")
            note("get() 等到 f1 做完才返回")

            for await (name, span) in mt { spans[name] = span }
            return spans  // close() 和 join()：剩下的子任务也做完了
        }
        invariant(spans.values.allOverlap, "f1 和 f2 没有同时运行")
        let took =
            ((ContinuousClock.now - started).seconds * 10)
            .rounded() / 10
        note("f1 和 f2 同时运行：两次 0.3 秒的睡眠一共用了 \(took) 秒")
    }
}
