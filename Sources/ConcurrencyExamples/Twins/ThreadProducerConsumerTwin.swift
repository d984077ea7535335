// 代码块: 并发通信 › 4.3多线程（队列），笔记的第 7 段代码
// 概念: 两个线程成了两个 `async let` 子任务，阻塞的 `queue.Queue(4)`
//   成了挂起的 `BoundedChannel`：`send` 在缓冲满 4 个时挂起，
//   `receive` 在空时挂起，都不占着线程，几个线程就能跑成千上万个
//   这样的生产者和消费者。生产 6 个数后 `finish()`，消费者取完就结束。
//   睡眠和移植一样缩短为 0.1 倍：`sleep(2)` 睡 200 毫秒。
// Swift 6: `async let` 是结构化的：离开作用域之前必须等到子任务结束，
//   不会有笔记里永远不停、没人 join 的线程。通道是 actor，
//   它的缓冲区只有它自己能碰，不需要锁，ThreadSanitizer 也没有报告。

import ExampleKit

enum ThreadProducerConsumerTwin {
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

        func produce() async throws {  // Produser(q).run()
            for n in 0..<items {
                let item = verbose ? Int.random(in: 1...100) : n
                try await q.send(item)  // 缓冲满 4 个时挂起
                guard verbose else { continue }
                print("生产者（用户）生成\(item)")
                try await Task.sleep(for: .milliseconds(200))
            }
            await q.finish()  // 不再生产
        }
        func consume() async throws -> Int {  // Consumer(q).run()
            var received = 0
            while let item = try await q.receive() {  // 空时挂起
                let processed = item * 10
                received += 1
                guard verbose else { continue }
                try await Task.sleep(for: .milliseconds(200))
                print("消费者（程序）处理后的数据\(processed)")
            }
            return received
        }

        async let pr: Void = Tracer.task("生产者", produce)  // pr.start()
        async let cu = Tracer.task("消费者", consume)  // cu.start()
        let (_, received) = try await (pr, cu)  // pr.join(), cu.join()
        invariant(received == items, "消费者只收到 \(received) 个")
    }
}
