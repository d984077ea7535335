// 代码块: 并发通信 › 4.3多线程（队列），笔记的第 7 段代码
// 概念: 同样的生产者和消费者，换成共用一个 `queue.Queue(4)`
//   的两个线程：队列满时 `put()` 阻塞，空时 `get()` 阻塞。
// 笔记: 和多进程版一样：两个循环都是 `while True`，程序永远不会结束；
//   `cu1`、`pr1`、`pr2`、`pr3` 创建了却从没 `start()`。
// Swift 6: Foundation 的 `Thread` 不能 join，所以每个 `run()` 成了
//   `JoinableThread`（pthread 的简单包装）的闭包。
//   移植只运行一个生产者和一个消费者，生产 6 个数后放入 `nil`
//   作为结束信号，再等两个线程结束。
//   开始前先演示 `Queue(4)` 的上限（笔记里没有）：放满 4 个后，
//   再 `put` 一个会等待，0.1 秒内没有空位就抛出 `queue.Full`；
//   取空以后再 `get` 也会等待，0.1 秒后抛出 `queue.Empty`。

import ExampleKit

enum ThreadProducerConsumer {
    static let items = 6

    static func main(_ context: ExampleContext) throws {
        if let n = try Workload.size(in: context, default: 200_000) {
            return try workload(items: n)
        }
        let q = BlockingQueue<Int?>(maxsize: 4)  // q = Queue(4)
        try QueueBound.show(q)  // not in the notes: the bound shown

        let pr = JoinableThread(name: "生产者") {  // Produser(q).run()
            for _ in 0..<items {
                let item = Int.random(in: 1...100)
                try? q.put(item)  // blocks while the queue is full
                print("生产者（用户）生成\(item)")
                sleep(scaled: 2)
            }
            try? q.put(nil)  // no more items
        }
        let cu = JoinableThread(name: "消费者") {  // Consumer(q).run()
            // blocks while the queue is empty
            while let item = try? q.get() {
                let processed = item * 10
                sleep(scaled: 2)
                print("消费者（程序）处理后的数据\(processed)")
            }
        }
        pr.start()
        cu.start()
        pr.join()
        cu.join()
    }

    /// `--workload N` (not in the notes): N items through the same
    /// queue of 4, no sleeps, no prints, timed for `scripts/benchmark`.
    static func workload(items: Int) throws {
        let q = BlockingQueue<Int?>(maxsize: 4)
        let received = UnsafeSharedCell(0)  // read after join()
        let pr = JoinableThread {
            for item in 0..<items { try? q.put(item) }
            try? q.put(nil)
        }
        let cu = JoinableThread {
            while let item = try? q.get() {
                if item == received.value { received.value += 1 }
            }
        }
        Workload.measure(items, unit: "items") {
            pr.start()
            cu.start()
            pr.join()
            cu.join()
        }
        guard received.value == items else {
            throw Workload.Mismatch(
                "消费者按顺序收到 \(received.value) 个，应为 \(items) 个")
        }
    }
}
