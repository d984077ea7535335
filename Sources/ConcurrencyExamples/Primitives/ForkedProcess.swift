import ExampleKit

#if canImport(Glibc)
    @preconcurrency package import Glibc
#endif

/// A child process made with `fork()`, shaped like Python's
/// `multiprocessing.Process(target=…)`: create it, `start()` it, `join()` it.
///
/// The child starts as a copy of the parent: the same code, the same
/// variables, but its own memory. What it changes, the parent never sees.
/// Create and start it from a single-threaded process: `fork()` copies only
/// the calling thread, and a lock another thread held at that moment (in
/// malloc, in the Swift runtime) stays locked for ever in the child.
package final class ForkedProcess {
    private let target: () throws -> Void
    /// The child's lane in a trace (`生产者`); its main thread's otherwise.
    private let name: String?
    /// The child's process id, once started.
    package private(set) var pid: pid_t = 0
    /// The child's exit status once joined, like Python's `Process.exitcode`:
    /// negative for a signal.
    package private(set) var exitCode: Int32?

    package init(name: String? = nil, target: @escaping () throws -> Void) {
        self.name = name
        self.target = target
    }

    /// Starts the child, which runs `target` and exits.
    package func start() {
        fflush(nil)  // or the child inherits unprinted output and prints it again
        let parent = getpid()
        let pid = fork()
        precondition(pid >= 0, "fork failed")
        if pid == 0 {
            // The child dies with its parent: an example killed (its run
            // timed out, or `notes` itself was killed) leaves no process
            // behind, such as a server's worker waiting in accept().
            if !dieWithParent(parent) { _exit(137) }
            // The child starts with the forking thread's signal mask; a
            // worker thread may block SIGTERM, which would make the child
            // impossible to stop politely.
            var none = sigset_t()
            sigemptyset(&none)
            sigprocmask(SIG_SETMASK, &none, nil)
            Tracer.forked()
            Tracer.nameThread(name ?? "子进程")
            Tracer.begin(.process, name ?? "子进程")
            var status: Int32 = 0
            do { try target() } catch {
                fputs("child process: \(error)\n", stderr)
                status = 1
            }
            fflush(nil)
            Tracer.end(.process, name ?? "子进程")
            Tracer.finish()
            _exit(status)
        }
        self.pid = pid
    }

    /// Waits for the child to end.
    package func join() {
        guard exitCode == nil, pid > 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let signal = status & 0x7F
        exitCode = signal == 0 ? (status >> 8) & 0xFF : -signal
    }
}
