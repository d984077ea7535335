#if canImport(Glibc)
    import Glibc
#endif

/// A POSIX thread shaped like Python's `threading.Thread(target=…)`:
/// create it, `start()` it, `join()` it.
///
/// Foundation's `Thread` cannot be joined, so this wraps `pthread_create`
/// and `pthread_join`. Joining makes everything the thread wrote visible
/// to the joiner.
package final class JoinableThread: @unchecked Sendable {
    private let target: @Sendable () -> Void
    private var handle: pthread_t?
    private var joined = false

    package init(target: @escaping @Sendable () -> Void) {
        self.target = target
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
