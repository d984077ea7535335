import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program `serve` runs to its end (`notes build`, `swift build`), in a
/// process group of its own: a time limit, or a signal to `serve`, stops
/// the whole group, so nothing it started outlives it.
///
/// Written on `posix_spawn` rather than Foundation's `Process`, which
/// waits for ever when it cannot start a child (out of file descriptors).
enum BuildProcess {
    /// How a run ended, when it did not end by itself.
    enum Failure: Error, Equatable {
        /// The program could not be started; the reason says why.
        case cannotStart(String)
        /// It ran past its time limit, and was stopped.
        case timedOut
    }

    /// At most this much output is kept: the end of it.
    static let outputCap = 1 << 20

    /// Runs `program` (looked up in `PATH` unless it is a path) with
    /// `arguments`, its standard output and error together, stdin
    /// `/dev/null`.
    /// - Returns: Its exit status (128 + the signal, for one that killed
    ///   it) and output.
    /// - Throws: ``Failure`` when it cannot start, or runs past `limit`.
    static func run(
        _ program: String, _ arguments: [String], limit: Duration
    ) throws(Failure) -> (status: Int32, output: String) {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw .cannotStart("\(program): pipe: \(errorText())") }
        defer { close(pipe[0]) }
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            pid = try spawn(program, arguments, output: pipe[1])
        } catch {
            close(pipe[1])
            throw error
        }
        close(pipe[1])
        defer { Signals.shared.finished(pid) }

        var output: [UInt8] = []
        var open = true
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = ContinuousClock.now + limit
        var status: Int32?
        while ContinuousClock.now < deadline {
            if let exited = reap(pid, blocking: false) {
                status = exited
                break
            }
            var poll = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
            if open, Glibc.poll(&poll, 1, 50) > 0 {
                let count = read(pipe[0], &buffer, buffer.count)
                if count > 0 { keep(buffer[..<count], in: &output) } else if count == 0 { open = false }
            } else if !open {
                usleep(50_000)
            }
        }
        // Whatever is left of its group goes now: it timed out, or a
        // member it started holds on after it.
        stopGroup(pid, leaderExited: status != nil)
        let timedOut = status == nil
        if status == nil { status = reap(pid, blocking: true) }
        _ = fcntl(pipe[0], F_SETFL, O_NONBLOCK)
        while open {
            let count = read(pipe[0], &buffer, buffer.count)
            guard count > 0 else { break }
            keep(buffer[..<count], in: &output)
        }
        if timedOut { throw .timedOut }
        return (status ?? 0, String(decoding: output, as: UTF8.self))
    }

    private static func spawn(_ program: String, _ arguments: [String], output: Int32) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own, an empty signal mask, and default dispositions
        // (serve ignores the signals it handles, and a child would inherit that).
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        return try Signals.shared.starting { () throws(Failure) -> pid_t in
            var pid: pid_t = 0
            let code = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
            guard code == 0 else { throw .cannotStart("\(program): \(String(cString: strerror(code)))") }
            return pid
        }
    }

    private static func keep(_ bytes: ArraySlice<UInt8>, in output: inout [UInt8]) {
        output += bytes
        if output.count > 2 * outputCap { output.removeFirst(output.count - outputCap) }
    }

    /// The exit status of `pid`, once it has ended (127 if another thread
    /// reaped it); nil while it runs.
    static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result == -1 && errno == EINTR
        guard result == pid else { return result == -1 ? 127 : nil }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// SIGTERM to the group, a few seconds for it to end (the leader is
    /// reaped meanwhile), then SIGKILL.
    static func stopGroup(_ pgid: pid_t, leaderExited: Bool) {
        guard kill(-pgid, SIGTERM) == 0 else { return }
        var exited = leaderExited
        for _ in 0..<100 {
            if !exited { exited = reap(pgid, blocking: false) != nil }
            if exited, !isAlive(group: pgid) { return }
            usleep(50_000)
        }
        kill(-pgid, SIGKILL)
    }

    /// Whether a process of the group runs (zombies do not: their parent,
    /// perhaps PID 1, has yet to reap them).
    static func isAlive(group pgid: pid_t) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { pid in
            guard Int(pid) != nil, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 2
            else { return false }
            return fields[0] != "Z" && fields[2] == "\(pgid)"
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// SIGINT, SIGTERM and SIGHUP to `serve`: the running child's group is
/// stopped, and `serve` exits 128 + the signal.
final class Signals: @unchecked Sendable {
    static let shared = Signals()

    private let lock = NSLock()
    private var child: pid_t?
    private var stopping = false
    private var sources: [any DispatchSourceSignal] = []

    /// Handles the signals from now on; once is enough.
    func install() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in stop(exitingWith: 128 + number) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Starts a child, unless a signal has arrived: then waits for the exit.
    func starting(_ spawn: () throws(BuildProcess.Failure) -> pid_t) throws(BuildProcess.Failure) -> pid_t {
        lock.lock()
        defer { lock.unlock() }
        if stopping {
            lock.unlock()
            while true { sleep(60) }
        }
        let pid = try spawn()
        child = pid
        return pid
    }

    /// The child has ended; if a signal stopped it, this never returns
    /// (the signal's handler ends the process), lest its failure be reported.
    func finished(_ pid: pid_t) {
        let stopped = lock.withLock {
            if child == pid { child = nil }
            return stopping
        }
        while stopped { sleep(60) }
    }

    private func stop(exitingWith status: Int32) {
        let running = lock.withLock {
            stopping = true
            return child
        }
        // The child `notes build` stops its own runs' groups on SIGTERM.
        if let running { BuildProcess.stopGroup(running, leaderExited: false) }
        _exit(status)
    }
}
