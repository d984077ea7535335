// The course's examples alone, without the checker: `notes-examples
// __example ID [ARGS]` runs one, as `notes __example ID` does.
//
// It links only ExampleKit and the examples module, so it builds in
// seconds with ThreadSanitizer; `scripts/tsan-check` has `notes check` run
// the examples from this binary (`--examples-binary`).

import ConcurrencyExamples
import ExampleKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "__example" else {
    fputs("usage: notes-examples __example ID [ARGS]\n", stderr)
    exit(2)
}
ExampleProcess.run(CourseExamples.registry, id: arguments[2], arguments: Array(arguments.dropFirst(3)))
