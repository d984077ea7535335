// Block:   并发通信 › 4.生产者与消费者模型 ›
//          4.2多进程（队列） (block 6 of the notes)
// Concept: A producer process and a consumer process share a bounded
//          queue. put() waits while the queue holds 4 items, get() waits
//          while it is empty, so each side runs at the other's pace.
// Notes:   Both `run()` loops are `while True`, so the program never ends:
//          at the end of the script Python waits for the two children for
//          ever, and killing only the parent leaves them running, orphaned
//          (seen with CPython 3.11). `cu1`, `pr1`, `pr2` and `pr3` are
//          created but never started: only `pr` and `cu` run. (`Produser`
//          is a misspelling, harmless.) This port keeps the queue size of
//          4 and one producer and one consumer, makes 6 items, then sends
//          `nil` as a stop signal, and joins both.
//          Python's `class Produser(Process)` with a `run()` method becomes
//          a ForkedProcess whose closure is that `run()`.

import ExampleKit

enum ProcessProducerConsumer {
    static let items = 6

    static func main(_ context: ExampleContext) throws {
        // q = Queue(4), in shared memory
        let q = ProcessQueue<Int?>(maxsize: 4)

        let pr = ForkedProcess {  // Produser(q).run()
            for _ in 0..<items {
                let item = Int.random(in: 1...100)
                try q.put(item)  // waits while the queue is full
                print("生产者（用户）生成\(item)")
                sleep(scaled: 2)
            }
            try q.put(nil)  // no more items
        }
        let cu = ForkedProcess {  // Consumer(q).run()
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
}
