// 代码块: 并发通信 › 3.线程通信，笔记的第 3 段代码
// 概念: 线程靠共享内存把 11 交给主线程；任务不共享可变的 `var`，
//   而是把结果交回去：`await` 等子任务结束，同时拿到它的返回值，
//   `join()` 和传值合成了一步。移植需要 `UnsafeSharedCell` 绕过检查，
//   这里什么都不用绕。
// Swift 6: 子任务里直接 `value += 1` 改父任务的 `var` 是编译错误
//   （sending value of non-Sendable type … risks causing data
//   races）；捕获列表 `[value]` 只把此刻的值交给子任务。值只有一条路
//   回到父任务：`Task` 的返回值，读它必须 `await`，所以读到的一定是
//   子任务写完的值。

import ExampleKit

enum ThreadSharedVariableTwin {
    static func main(_ context: ExampleContext) async throws {
        var value = 10  // var = 10

        // Thread(target=func) … t1.join(): the task hands back its
        // result.
        value = await Task { [value] in
            await Tracer.task("子任务") {
                let value = value + 1  // var += 1
                print("这是函数里面的var", value)
                return value
            }
        }.value

        print(value)  // 11
    }
}
