import Dispatch

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entry point of an example's own process.
public enum ExampleProcess {
    /// Runs one example of `registry` in the current process and exits.
    ///
    /// Standard output is made line-buffered, so that a crash or a timeout
    /// still leaves every line printed before it. A thrown error is printed
    /// to standard error and ends the process with status 1. Plain code
    /// runs on the main thread; `async` code runs in a task while the main
    /// thread serves the main queue.
    /// - Returns: Never; the process exits with the example's status.
    public static func run(
        _ registry: ExampleRegistry, id: String, arguments: [String]
    ) -> Never {
        setvbuf(stdout, nil, _IOLBF, 0)
        guard let example = registry.example(id: id), let entry = example.entry else {
            fputs("no runnable example with id '\(id)'\n", stderr)
            exit(2)
        }
        let context = ExampleContext(id: id, arguments: arguments)
        Tracer.nameThread("主线程")
        switch entry {
        case .sync(let main):
            do {
                try main(context)
            } catch {
                fail(error)
            }
            finish(0)
        case .async(let main):
            Task {
                do {
                    try await main(context)
                } catch {
                    fail(error)
                }
                finish(0)
            }
            dispatchMain()
        }
    }

    private static func fail(_ error: any Error) -> Never {
        fflush(nil)
        fputs("error: \(error)\n", stderr)
        finish(1)
    }

    private static func finish(_ status: Int32) -> Never {
        fflush(nil)
        Tracer.finish()
        exit(status)
    }
}
