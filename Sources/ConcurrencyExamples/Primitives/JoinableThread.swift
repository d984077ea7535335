import ExampleKit

#if canImport(Glibc)
    import Glibc
#endif

/// A POSIX thread shaped like Python's `threading.Thread(target=…)`:
/// create it, `start()` it, `join()` it.
///
/// Foundation's `Thread` cannot be joined, so this wraps `pthread_create`
/// and `pthread_join`. Joining makes everything the thread wrote visible
/// to the joiner.
///
/// A traced run (``Tracer``) records the thread's life as a span on its
/// own lane, under `name` when it has one (`f1`, `消费者`).
package final class JoinableThread: @unchecked Sendable {
    private let target: @Sendable () -> Void
    private var handle: pthread_t?
    private var joined = false

    package init(name: String? = nil, target: @escaping @Sendable () -> Void) {
        self.target = {
            if let name { Tracer.nameThread(name) }
            Tracer.span(.thread, name ?? "线程", target)
        }
    }

    /// Starts running `target` on a new thread.
    package func start() {
        precondition(handle == nil, "a thread can be started only once")
        let context = Unmanaged.passRetained(Box(target)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, context)
        precondition(result == 0, "pthread_create failed: \(result)")
        handle = thread
    }

    /// Waits for the thread to finish.
    package func join() {
        guard let handle, !joined else { return }
        pthread_join(handle, nil)
        joined = true
    }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
