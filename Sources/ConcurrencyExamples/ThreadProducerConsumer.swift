// Block:   并发通信 › 4.生产者与消费者模型 ›
//          4.3多线程（队列） (block 7 of the notes)
// Concept: The same producer and consumer, as threads sharing a
//          `queue.Queue(4)`: put() blocks while it is full, get() while it
//          is empty.
// Notes:   As in the process version: both loops are `while True`, so the
//          program never ends; `cu1`, `pr1`, `pr2` and `pr3` are created
//          and never started. This port keeps one producer, one consumer
//          and the queue size of 4, makes 6 items, then sends `nil` as a
//          stop signal, and joins both threads. Swift 6 cannot subclass
//          Foundation's `Thread` on Linux, so each `run()` becomes the
//          closure of a JoinableThread.

import ExampleKit

enum ThreadProducerConsumer {
    static let items = 6

    static func main(_ context: ExampleContext) throws {
        let q = BlockingQueue<Int?>(maxsize: 4)  // q = Queue(4)

        let pr = JoinableThread {  // Produser(q).run()
            for _ in 0..<items {
                let item = Int.random(in: 1...100)
                try? q.put(item)  // blocks while the queue is full
                print("生产者（用户）生成\(item)")
                sleep(scaled: 2)
            }
            try? q.put(nil)  // no more items
        }
        let cu = JoinableThread {  // Consumer(q).run()
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
}
