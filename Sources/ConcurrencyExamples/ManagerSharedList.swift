// 代码块: 并发通信 › 2.进程创建公共空间，笔记的第 2 段代码
// 概念: 进程之间通过一个服务器进程共享数据。`Manager()`
//   启动这个服务器，`mg.list()` 在服务器上建一个列表并返回代理。
//   子进程的 `li.append(var)` 是发给服务器的请求，
//   所以父进程能读到子进程的 11。
// 笔记: 在 Linux 上代码是对的。`Manager()` 和 `Process`
//   写在文件顶层，没有 `if __name__ == "__main__":`，在 Windows 和
//   macOS 上（spawn 方式）程序会抛 RuntimeError。
// Swift 6: `ListManager` 是 fork 出来的服务器进程，代理通过 Unix socket
//   和它通信。代理是普通的值，子进程拿到的副本找到的是同一个列表。

import ExampleKit

enum ManagerSharedList {
    static func main(_ context: ExampleContext) throws {
        // mg = Manager(): a server process
        let manager = try ListManager.start()
        defer { manager.shutdown() }
        print("在var之前，上面没问题")
        // li_var = mg.list(): a proxy
        let sharedList = try manager.list()
        var value = 10

        // Process(target=func, args=(li_var,)): the child gets a copy
        // of the proxy.
        let p1 = ForkedProcess {
            value += 1
            print("这是函数里面的var", value)
            // li.append(var): sent to the server
            try sharedList.append(value)
        }
        p1.start()
        p1.join()
        invariant(p1.exitCode == 0, "子进程出错退出")

        print(try sharedList[0])  // li_var[0]: the child's 11
        invariant(value == 10, "父进程自己的 var 变了")
    }
}
