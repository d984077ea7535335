// Block:   并发通信 › 1.进程通信隔离 (block 1 of the notes)
// Concept: A child process starts as a copy of its parent, then has memory
//          of its own. The child's `var += 1` changes the child's copy;
//          the parent's `var` stays 10.
// Notes:   Correct. The Windows warning is about how processes start there:
//          by spawning a fresh interpreter, not by fork, so the script
//          needs an `if __name__ == "__main__":` guard. This port forks, as
//          Python does on Linux.

import ExampleKit

enum ProcessIsolation {
    static func main(_ context: ExampleContext) throws {
        var value = 10  // var = 10

        // Process(target=func): the closure is `func`, run in a
        // forked child.
        let p1 = ForkedProcess {
            value += 1  // changes the child's copy only
            print("child var =", value)
        }
        p1.start()
        p1.join()
        invariant(p1.exitCode == 0, "the child process failed")

        print("parent var =", value)  // the parent's copy: still 10
    }
}
