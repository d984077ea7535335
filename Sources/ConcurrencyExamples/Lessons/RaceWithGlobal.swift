// Block:   并发通信 › 3.线程通信, second block
//          (block 4 of the notes)
// Concept: The notes' race, written in Swift as the notes write it: a
//          global variable that two threads change.
// Swift 6: This file does not compile, and is not part of any target. A
//          top-level `var` belongs to the main actor, and a function that
//          any thread may run cannot change it:
//            error: main actor-isolated var 'value' can not be mutated
//                   from a nonisolated context
//          Swift 6 turns the data race into a compile error. The checker
//          runs `swiftc -typecheck -swift-version 6` on this file and
//          verifies that it fails with that error.

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
