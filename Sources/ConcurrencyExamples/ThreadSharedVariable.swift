// Block:   并发通信 › 3.线程通信 (block 3 of the notes)
// Concept: Threads share their process's memory. The thread's `var += 1`
//          changes the one `var` there is, so the main thread sees 11 too.
// Notes:   Correct: both threads see 11.

import ExampleKit

enum ThreadSharedVariable {
    static func main(_ context: ExampleContext) throws {
        // var = 10, visible to every thread
        let shared = UnsafeSharedCell(10)

        // Thread(target=func)
        let t1 = JoinableThread {
            shared.value += 1
            print("这是函数里面的var", shared.value)
        }
        t1.start()
        t1.join()  // join orders the two accesses: no race

        print(shared.value)  // 11
    }
}
