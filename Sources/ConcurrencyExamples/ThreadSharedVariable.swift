// 代码块: 并发通信 › 3.线程通信，笔记的第 3 段代码
// 概念: 线程共享所在进程的内存。线程里的 `var += 1`
//   改的就是进程里唯一的那个 `var`，所以主线程也看到 11。
// 笔记: 代码是对的：两个线程看到的都是 11。
// Swift 6: Swift 6 不许两个线程碰同一个普通的 `var`。`UnsafeSharedCell`
//   有意绕过这项检查；这里 `join()` 让两次访问分出了先后，
//   所以没有竞争。

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
