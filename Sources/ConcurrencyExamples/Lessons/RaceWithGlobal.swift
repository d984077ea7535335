// 代码块: 并发通信 › 3.线程通信，第 2 段，笔记的第 4 段代码
// 概念: 照笔记的写法用 Swift 写笔记里的竞争：两个线程改同一个全局变量。
// Swift 6: 这个文件编译不过，不属于任何 target。顶层的 `var` 属于 main
//   actor，任何线程都可能运行的函数不能改它：
//             error: main actor-isolated var 'value' can not be mutated
//                    from a nonisolated context
//   Swift 6 把数据竞争变成了编译错误。检查器对这个文件运行
//   `swiftc -typecheck -swift-version 6`，确认它因为这个错误而失败。

import Foundation

var value = 1

func f1() {
    for _ in 0..<1000 { value += 1 }
}

func f2() {
    for _ in 0..<1000 { value -= 1 }
}

let t1 = Thread { f1() }
let t2 = Thread { f2() }
t1.start()
t2.start()
