// A fuzz target over the whole path from a note's bytes to its rendered
// pages (NotePath): no crash, no hang, UTF-8 out, ids unique, no script but
// the site's own.
//
// `scripts/fuzz` builds it with libFuzzer (`-sanitize=fuzzer,address
// -DFUZZING`); `main` then hands over to libFuzzer's driver. Built plainly,
// it replays files instead: `notes-fuzz FILE...` runs each through the
// same checks, which is how the tests replay the corpus and every input the
// fuzzer ever found failing.

import Foundation
import NotesKit

/// One input: its problems, as text; empty when the pages keep the rules.
func problems(_ bytes: [UInt8]) -> [String] {
    NotePath.problems(of: bytes)
}

#if FUZZING
    /// libFuzzer's entry for a program with its own `main`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzer(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    @main
    enum Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                runFuzzer(&argc, &argv) { data, size in
                    let found = problems(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
                    if !found.isEmpty { fatalError(found.joined(separator: "\n")) }
                    return 0
                })
        }
    }
#else
    @main
    enum Replay {
        static func main() {
            var failed = false
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read")
                    failed = true
                    continue
                }
                for problem in problems([UInt8](data)) {
                    print("\(path): \(problem)")
                    failed = true
                }
            }
            exit(failed ? 1 : 0)
        }
    }
#endif
