// 代码块: 并发通信 › 4.2多进程（队列），笔记的第 6 段代码
// 概念: 生产者进程和消费者进程共用一个有界队列：队列里已有 4 个时
//   `put()` 等待，空了 `get()` 等待，两边按对方的节奏运行。
// 笔记: 两个 `run()` 都是 `while True`，程序永远不会结束；
//   只杀掉父进程的话，两个子进程会作为孤儿继续运行。`cu1`、`pr1`、
//   `pr2`、`pr3` 创建了却从没 `start()`，真正运行的只有 `pr` 和
//   `cu`。`Produser` 是 `Producer` 的拼写错误。
// Swift 6: `class Produser(Process)` 的 `run()` 成了 `ForkedProcess`
//   的闭包，队列 `ProcessQueue` 放在共享内存里。
//   移植只运行一个生产者和一个消费者，生产 6 个数后放入 `nil`
//   作为结束信号，再等两边结束。
//   开始前先演示 `Queue(4)` 的上限（笔记里没有）：放满 4 个后，
//   再 `put` 一个会等待，0.1 秒内没有空位就抛出 `queue.Full`；
//   取空以后再 `get` 也会等待，0.1 秒后抛出 `queue.Empty`。

import ExampleKit

enum ProcessProducerConsumer {
    static let items = 6

    static func main(_ context: ExampleContext) throws {
        if let n = try Workload.size(in: context, default: 200_000) {
            return try workload(items: n)
        }
        // q = Queue(4), in shared memory
        let q = ProcessQueue<Int?>(maxsize: 4)
        try QueueBound.show(q)  // not in the notes: the bound shown

        let pr = ForkedProcess(name: "生产者") {  // Produser(q).run()
            for _ in 0..<items {
                let item = Int.random(in: 1...100)
                try q.put(item)  // waits while the queue is full
                print("生产者（用户）生成\(item)")
                sleep(scaled: 2)
            }
            try q.put(nil)  // no more items
        }
        let cu = ForkedProcess(name: "消费者") {  // Consumer(q).run()
            // waits while the queue is empty
            while let item = try q.get() {
                let processed = item * 10
                sleep(scaled: 2)
                print("消费者（程序）处理后的数据\(processed)")
            }
        }
        pr.start()
        cu.start()
        pr.join()
        cu.join()
        invariant(
            pr.exitCode == 0 && cu.exitCode == 0,
            "producer exited \(pr.exitCode ?? -1), "
                + "consumer \(cu.exitCode ?? -1)"
        )
    }

    /// `--workload N` (not in the notes): N items through the same
    /// queue of 4 between the two processes, no sleeps, no prints,
    /// timed for `scripts/benchmark`. The consumer checks that it got
    /// every item in order, and fails its process if not.
    static func workload(items: Int) throws {
        let q = ProcessQueue<Int?>(maxsize: 4)
        let pr = ForkedProcess {
            for item in 0..<items { try q.put(item) }
            try q.put(nil)
        }
        let cu = ForkedProcess {
            var received = 0
            while let item = try q.get() {
                guard item == received else {
                    throw Workload.Mismatch(
                        "第 \(received) 个收到的是 \(item)")
                }
                received += 1
            }
            guard received == items else {
                throw Workload.Mismatch(
                    "只收到 \(received) 个，应为 \(items) 个")
            }
        }
        Workload.measure(items, unit: "items") {
            pr.start()
            cu.start()
            pr.join()
            cu.join()
        }
        guard pr.exitCode == 0, cu.exitCode == 0 else {
            throw Workload.Mismatch(
                "producer exited \(pr.exitCode ?? -1), "
                    + "consumer \(cu.exitCode ?? -1)")
        }
    }
}
