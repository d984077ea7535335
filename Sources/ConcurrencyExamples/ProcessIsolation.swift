// 代码块: 并发通信 › 1.进程通信隔离，笔记的第 1 段代码
// 概念: 子进程一开始是父进程的一份副本，之后就有了自己的内存。
//   子进程里的 `var += 1` 只改它自己的那一份，父进程的 `var` 仍是 10。
// 笔记: 代码是对的。“进程在 Windows 中运行会报错”的原因不在
//   Windows：代码在文件顶层启动进程，没有
//   `if __name__ == "__main__":`，而 Windows 和 macOS 用 spawn
//   启动子进程，子进程重新执行整个文件时又去启动进程，抛出
//   RuntimeError。
// Swift 6: `ForkedProcess` 像 Linux 上的 Python 一样用 `fork()`
//   创建子进程。`fork()` 只复制调用它的线程，
//   所以要在还没有别的线程时创建子进程。

import ExampleKit

enum ProcessIsolation {
    static func main(_ context: ExampleContext) throws {
        var value = 10  // var = 10

        // Process(target=func): the closure is `func`, run in a forked
        // child.
        let p1 = ForkedProcess {
            value += 1  // 只改子进程的那一份
            print(value)  // 11
        }
        p1.start()
        p1.join()
        invariant(p1.exitCode == 0, "子进程出错退出")

        print(value)  // 父进程的那一份：仍是 10
    }
}
