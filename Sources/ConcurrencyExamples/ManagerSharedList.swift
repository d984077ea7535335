// Block:   并发通信 › 2.进程创建公共空间
//          (block 2 of the notes)
// Concept: Processes share data through a server process that owns it.
//          `Manager()` starts that server; `mg.list()` creates a list there
//          and returns a proxy. The child's `li.append(var)` is a request
//          to the server, so the parent reads the child's 11 back.
// Notes:   Correct on Linux. `Manager()` runs at import time, outside an
//          `if __name__ == "__main__":` guard; where processes are spawned
//          (Windows, macOS) every child would start its own manager and
//          Python stops with a RuntimeError.

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
        invariant(p1.exitCode == 0, "the child process failed")

        print(try sharedList[0])  // li_var[0]: the child's 11
        invariant(value == 10, "the parent's own var changed")
    }
}
