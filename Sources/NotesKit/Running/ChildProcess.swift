import CNotesSystem
import ExampleKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command in its own process group, reading its output as it runs.
///
/// The child gets `/dev/null` as stdin and a pipe for each of stdout and
/// stderr. Both pipes are read while it runs, so a child that writes a lot
/// never blocks on a full pipe; past ``RunLimits/outputCap`` bytes are read
/// and dropped, and the drop is counted.
///
/// The child leads a new process group, and everything it starts joins it.
/// On timeout the whole group gets SIGTERM, then SIGKILL after the grace
/// period. When the child exits while members of its group still run (a
/// forgotten server, an unjoined worker), they are terminated the same way
/// and the result says so. Either way nothing started by the command
/// outlives this call.
///
/// A non-zero exit, a signal and a timeout are outcomes, not errors.
///
/// This is written on `posix_spawn` rather than swift-subprocess 1.0.2
/// because the checker needs three things that library does not expose
/// together: noticing the child's exit while its descendants still hold the
/// pipes open, terminating the group at that moment, and keeping a
/// truncated prefix of output instead of failing when the cap is passed.
enum ChildProcess {
    enum Stream: Sendable { case stdout, stderr }

    /// - Parameters:
    ///   - onOutput: Called on the calling thread with each chunk as it
    ///     arrives, before the cap applies; used to stream a run live.
    /// - Throws: ``LaunchError`` when the program cannot be started.
    static func run(
        _ command: Command, limits: RunLimits,
        onOutput: ((Stream, ArraySlice<UInt8>) -> Void)? = nil
    ) throws(LaunchError) -> RunResult {
        let executable = try resolve(command.executable)
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        let clock = ContinuousClock()
        let start = clock.now
        // Both ends close on exec from the moment they exist, so a child
        // another thread spawns meanwhile never inherits (and holds open)
        // these pipes; the child's own copies are dup2'd onto 1 and 2.
        guard notes_pipe_cloexec(&outPipe) == 0 else { throw .system(call: "pipe2", reason: errnoText()) }
        guard notes_pipe_cloexec(&errPipe) == 0 else {
            outPipe.forEach { close($0) }
            throw .system(call: "pipe2", reason: errnoText())
        }
        let pid: pid_t
        do throws(LaunchError) {
            pid = try spawn(executable, command, stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            (outPipe + errPipe).forEach { close($0) }
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])
        LiveGroups.shared.insert(pid)
        defer { LiveGroups.shared.remove(pid) }

        var pipes = Pipes(stdout: outPipe[0], stderr: errPipe[0], cap: limits.outputCap, onOutput: onOutput)
        defer { pipes.closeAll() }

        // Run until the child exits or the deadline passes.
        let deadline = start + limits.timeout
        var status: Int32?
        var timedOut = false
        var end = start
        while true {
            if let exited = reap(pid) {
                status = exited
                end = clock.now
                break
            }
            let now = clock.now
            if now >= deadline {
                timedOut = true
                end = now
                break
            }
            pipes.pump(waitingAtMost: min(deadline - now, .milliseconds(20)))
        }

        var leftovers = false
        if timedOut {
            status = terminateGroup(pid, leaderStatus: status, grace: limits.grace, pipes: &pipes)
        } else if !ProcessGroup.liveMembers(pid).isEmpty {
            leftovers = true
            status = terminateGroup(pid, leaderStatus: status, grace: limits.grace, pipes: &pipes)
        }

        // Everything in the group is gone: read what is left in the pipes.
        let drainUntil = clock.now + limits.grace
        while pipes.anyOpen, clock.now < drainUntil {
            pipes.pump(waitingAtMost: .milliseconds(20))
        }

        return RunResult(
            termination: decode(status ?? 0),
            timedOut: timedOut,
            leftoverProcesses: leftovers,
            stdout: String(decoding: pipes.stdout.kept, as: UTF8.self),
            stderr: String(decoding: pipes.stderr.kept, as: UTF8.self),
            stdoutDropped: pipes.stdout.dropped,
            stderrDropped: pipes.stderr.dropped,
            seconds: (end - start).seconds,
            limit: limits.timeout.seconds)
    }

    // MARK: - Starting

    private static func spawn(
        _ executable: String, _ command: Command, stdout: Int32, stderr: Int32
    ) throws(LaunchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        try check("posix_spawn_file_actions_init", posix_spawn_file_actions_init(&actions))
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check(
            "posix_spawn_file_actions_addopen", posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0))
        try check("posix_spawn_file_actions_adddup2", posix_spawn_file_actions_adddup2(&actions, stdout, 1))
        try check("posix_spawn_file_actions_adddup2", posix_spawn_file_actions_adddup2(&actions, stderr, 2))
        if let folder = command.workingDirectory {
            guard notes_spawn_add_chdir(&actions, folder) == 0 else {
                throw .system(call: "posix_spawn_file_actions_addchdir_np", reason: errnoText())
            }
        }

        var attributes = posix_spawnattr_t()
        try check("posix_spawnattr_init", posix_spawnattr_init(&attributes))
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group led by the child, an empty signal mask, and
        // default dispositions: the parent may ignore SIGINT or SIGPIPE.
        let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        try check("posix_spawnattr_setflags", posix_spawnattr_setflags(&attributes, flags))
        try check("posix_spawnattr_setpgroup", posix_spawnattr_setpgroup(&attributes, 0))
        var mask = sigset_t()
        sigemptyset(&mask)
        try check("posix_spawnattr_setsigmask", posix_spawnattr_setsigmask(&attributes, &mask))
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        try check("posix_spawnattr_setsigdefault", posix_spawnattr_setsigdefault(&attributes, &defaults))

        var environment = ProcessInfo.processInfo.environment
        environment.merge(command.environment) { _, new in new }
        let argv = ([executable] + command.arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            throw .spawnFailed(executable, reason: String(cString: strerror(code)))
        }
        return pid
    }

    /// Turns the error number a `posix_spawn_*` call returns into a ``LaunchError``.
    private static func check(_ call: String, _ code: Int32) throws(LaunchError) {
        guard code != 0 else { return }
        throw .system(call: call, reason: String(cString: strerror(code)))
    }

    /// Finds `name` in `PATH` unless it is already a path.
    static func resolve(_ name: String) throws(LaunchError) -> String {
        if name.contains("/") {
            guard access(name, X_OK) == 0 else { throw .notExecutable(name) }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw .notFound(name)
    }

    // MARK: - Ending

    /// SIGTERM to the group, a grace period, then SIGKILL.
    /// - Returns: The leader's wait status.
    private static func terminateGroup(
        _ pgid: pid_t, leaderStatus: Int32?, grace: Duration, pipes: inout Pipes
    ) -> Int32 {
        var status = leaderStatus
        let clock = ContinuousClock()
        kill(-pgid, SIGTERM)
        let until = clock.now + grace
        // Most groups end within milliseconds of SIGTERM; the pause between
        // looks at /proc doubles from 2 ms to 64 ms for the ones that linger.
        var pause = Duration.milliseconds(2)
        while clock.now < until {
            if status == nil { status = reap(pgid) }
            if status != nil, ProcessGroup.liveMembers(pgid).isEmpty { return status! }
            pipes.pump(waitingAtMost: pause)
            pause = min(pause * 2, .milliseconds(64))
        }
        kill(-pgid, SIGKILL)
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pgid, &raw, 0) == -1, errno == EINTR {}
            status = raw
        }
        // SIGKILL cannot be caught; give the kernel a moment to finish them.
        let settle = clock.now + .seconds(1)
        var wait: UInt32 = 1_000
        while !ProcessGroup.liveMembers(pgid).isEmpty, clock.now < settle {
            usleep(wait)
            wait = min(wait * 2, 64_000)
        }
        return status!
    }

    /// The wait status if `pid` has exited (reaping it), else nil.
    private static func reap(_ pid: pid_t) -> Int32? {
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == pid { return raw }
        if result == -1, errno == ECHILD { return 0 }
        return nil
    }

    private static func decode(_ status: Int32) -> RunResult.Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
