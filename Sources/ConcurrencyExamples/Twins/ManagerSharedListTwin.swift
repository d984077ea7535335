// 代码块: 并发通信 › 2.进程创建公共空间，笔记的第 2 段代码
// 概念: `Manager()` 的服务器进程成了一个 actor：列表归它独占，
//   别人只能给它发消息（`await li.append(value)`），它一次处理一条。
//   移植要 fork 一个服务器进程、经 Unix socket 发请求；这里一个
//   actor 就够了，子任务和父任务拿到的是同一个 actor。
// Swift 6: actor 的状态只有 actor 自己能改，编译器检查每一次访问：
//   在 actor 外面写 `li.items.append(11)` 编译不过（actor-isolated
//   property 'items' can not be mutated from a nonisolated
//   context），读也要 `await`。子任务改的是 `value` 的副本，
//   父任务的仍是 10。

import ExampleKit

enum ManagerSharedListTwin {
    /// mg.list(): a list that only its actor touches.
    actor SharedList {
        var items: [Int] = []

        func append(_ item: Int) { items.append(item) }
    }

    static func main(_ context: ExampleContext) async throws {
        print("在var之前，上面没问题")
        let li = SharedList()  // li_var = mg.list()
        let value = 10  // var = 10

        // Process(target=func, args=(li_var,))
        let child = Task {
            await Tracer.task("子任务") {
                let value = value + 1  // var += 1，只改副本
                print("这是函数里面的var", value)
                await li.append(value)  // li.append(var)：发给 actor
            }
        }
        await child.value  // p1.join()

        print(await li.items[0])  // li_var[0]：子任务放进去的 11
        invariant(value == 10, "父任务自己的 var 变了")
    }
}
