// 代码块: 并发通信 › 1.进程通信隔离，笔记的第 1 段代码
// 概念: 移植用 `fork()` 复制出一个子进程；这里不需要进程，值语义就能
//   说明同一件事。`Int` 是值类型，子任务里的 `var value = value`
//   复制出自己的一份，改的只是这份副本，所以先打印 11，父任务的
//   `value` 仍是 10。
//   （也可以用 swift-subprocess 启动真正的子进程，但它不是这个包的
//   依赖；而且那样讲的隔离是操作系统给的，不是语言给的。）
// Swift 6: 隔离由编译器保证，不靠复制整个进程。父任务写 `var value`、
//   子任务直接 `value += 1`，编译不过：error: sending value of
//   non-Sendable type '() async -> ()' risks causing data races。
//   子任务只能改自己的副本，所以父任务的 `value` 用 `let` 就够了。

import ExampleKit

enum ProcessIsolationTwin {
    static func main(_ context: ExampleContext) async throws {
        let value = 10  // var = 10

        // Process(target=func): the child task works on a copy.
        let child = Task {
            await Tracer.task("子任务") {
                var value = value  // 子任务自己的那一份
                value += 1
                print(value)  // 11
            }
        }
        await child.value  // p1.join()

        print(value)  // 父任务的那一份：仍是 10
    }
}
