// 代码块: 并发通信 › 4.2多进程（队列），笔记的第 6 段代码
// 概念: 两个进程成了一个任务组里的两个子任务，共享内存里的队列成了
//   `BoundedChannel`：缓冲满 4 个时 `send` 挂起，空时 `receive`
//   挂起，生产者和消费者照样按对方的节奏运行，但挂起的任务不占线程。
//   `AsyncStream` 不会让生产者等（缓冲区只会变大或丢数据），所以这里
//   用一个小小的有界通道。生产者 `finish()` 之后，消费者的 `for try
//   await` 取完剩下的数就结束，任务组等两边都结束，程序也就结束了。
//   睡眠和移植一样缩短为 0.1 倍：`sleep(2)` 睡 200 毫秒。
// Swift 6: 进程之间的数据要 pickle，任务之间的数据必须是 Sendable，
//   由编译器检查。任务组结束时两个子任务一定都结束了，
//   不会像笔记的子进程那样成为孤儿；一个出错，另一个会被取消。

import ExampleKit

enum ProcessProducerConsumerTwin {
    static func main(_ context: ExampleContext) async throws {
        // `--workload N`: N items, no sleeps, no prints, timed.
        if let n = try Workload.size(in: context, default: 200_000) {
            try await Workload.measure(n, unit: "items") {
                try await run(items: n, verbose: false)
            }
            return
        }
        try await run(items: 6, verbose: true)
    }

    static func run(items: Int, verbose: Bool) async throws {
        let q = BoundedChannel<Int>(capacity: 4)  // q = Queue(4)
        @Sendable func produce() async throws {  // Produser(q).run()
            for n in 0..<items {
                let item = verbose ? Int.random(in: 1...100) : n
                try await q.send(item)  // 缓冲满 4 个时挂起
                guard verbose else { continue }
                print("生产者（用户）生成\(item)")
                try await Task.sleep(for: .milliseconds(200))
            }
            await q.finish()  // 不再生产
        }
        @Sendable func consume() async throws {  // Consumer(q).run()
            var received = 0
            for try await item in q {  // 空时挂起
                let processed = item * 10
                received += 1
                guard verbose else { continue }
                try await Task.sleep(for: .milliseconds(200))
                print("消费者（程序）处理后的数据\(processed)")
            }
            invariant(received == items, "消费者只收到 \(received) 个")
        }
        // Each side a task of its own lane in a traced run.
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await Tracer.task("生产者", produce) }
            group.addTask { try await Tracer.task("消费者", consume) }
        }
    }
}
