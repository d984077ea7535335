import CNotesSystem
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The helper process the notes' code runs under, started in the run's
/// working folder:
///
///     notes __sandbox [--network private] [--read-only DIR]…
///                     [--connect PORT --message TEXT --transcript FILE]
///                     -- PROGRAM ARGS…
///
/// It is the leader of the process group the runner made for the run. It
/// gives itself a network of its own (only a loopback, up, so that a
/// block's fixed port such as 8989 never meets anything else on the
/// machine), and starts the program in a bubblewrap sandbox (`bwrap`,
/// Debian's `bubblewrap`, the sandbox Flatpak uses), which shares that
/// network and nothing else:
///
/// - the program sees `/usr`, the `--read-only` folders (the interpreter's
///   own, which may be under `/root`), a private `/tmp` and `/dev/shm`, a
///   small `/etc` of its own, and its working folder, the only place it
///   can write;
/// - it runs as user and group 65534 (when `notes` runs as root, also
///   outside the sandbox), in new user, PID, IPC and UTS namespaces, in a
///   session of its own, with a clean environment;
/// - it has limits on processes, memory, file size, open files and CPU
///   time ((``limits``));
/// - when it ends, so does everything it started (the sandbox's PID 1
///   ends, and with it the namespace), a daemon that forked twice
///   included; and the sandbox dies with this helper, which dies with
///   `notes`.
///
/// The helper drives the program as a client where asked, from outside
/// the sandbox but in the same private network, waits for it, and ends the
/// way the program ended: with its status (a program killed by a signal
/// ends with 128 + the signal's number, as bubblewrap reports it).
///
/// When the sandbox cannot be made, nothing runs: the helper prints one
/// line, `notes sandbox: …`, and exits with ``unavailableStatus``. There
/// is no weaker fallback.
public enum Sandbox {
    /// The hidden subcommand.
    public static let subcommand = "__sandbox"
    /// What reports call it.
    static let name = "bubblewrap"

    /// The status of a helper that ran nothing because it could not make the sandbox.
    static let unavailableStatus: Int32 = 125
    /// What begins the one line such a helper prints.
    static let unavailablePrefix = "notes sandbox: "

    /// What a helper that could not make the sandbox said, or nil when
    /// the run's program ran (whatever became of it).
    static func unavailableReason(_ run: RunResult) -> String? {
        guard run.termination == .exited(unavailableStatus) else { return nil }
        return run.stderr.split(separator: "\n").last { $0.hasPrefix(unavailablePrefix) }
            .map { String($0.dropFirst(unavailablePrefix.count)) }
    }

    /// The user and group the program runs as.
    static let user: Int32 = 65534

    /// The limits on the program and on each process it starts, as
    /// `prlimit` names them. The processes are counted inside the sandbox
    /// alone; memory is writable private memory (RLIMIT_DATA).
    static let limits: [(name: String, value: Int)] = [
        ("nproc", 256), ("data", 1 << 30), ("fsize", 64 << 20), ("nofile", 1024), ("cpu", 60), ("core", 0),
    ]
    /// The size of the private `/tmp` and of `/dev/shm`.
    static let scratchBytes = 64 << 20

    /// The variables of the helper's environment the program gets; the
    /// rest of `notes`'s environment (tokens, keys, `PATH`) stays out.
    static let passedVariables = [
        "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONHASHSEED", "PYTHONUNBUFFERED", "NOTES_TRACE",
    ]

    /// Top-level folders the sandbox already shows, or must not hide:
    /// a working folder or a read-only folder inside one is refused.
    static let systemFolders: Set<String> = [
        "/usr", "/etc", "/proc", "/sys", "/dev", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
    ]

    /// What the helper was asked to do.
    struct Request: Equatable {
        var readOnly: [String] = []
        var port: UInt16?
        var message = ""
        var transcript: String?
        var program: [String] = []

        /// Reads the arguments after the subcommand.
        /// - Throws: Why they cannot be used, as a sentence.
        init(_ arguments: [String]) throws(Refusal) {
            var rest = arguments[...]
            func value(_ option: String) throws(Refusal) -> String {
                guard let value = rest.first else { throw Refusal("\(option) needs a value") }
                rest = rest.dropFirst()
                return value
            }
            while let option = rest.first, option != "--" {
                rest = rest.dropFirst()
                switch option {
                case "--network":
                    // Every run has a private network; `private` is its only spelling.
                    let network = try value(option)
                    guard network == "private" else {
                        throw Refusal("--network \(network): the only network is `private`, a loopback of its own")
                    }
                case "--read-only":
                    readOnly.append(try value(option))
                case "--connect":
                    let text = try value(option)
                    guard let number = UInt16(text), number > 0 else {
                        throw Refusal("--connect \(text) is not a port")
                    }
                    port = number
                case "--message":
                    message = try value(option)
                case "--transcript":
                    transcript = try value(option)
                default:
                    throw Refusal("unknown option \(option)")
                }
            }
            program = Array(rest.dropFirst())
            guard !program.isEmpty else { throw Refusal("no program to run (put it after --)") }
        }
    }

    /// Why the sandbox is not made, in one sentence.
    struct Refusal: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Runs the helper with the arguments after the subcommand; never returns.
    public static func main(_ arguments: [String]) -> Never {
        ParentWatch.dieWithParent()
        let request: Request
        let plan: Plan
        do throws(Refusal) {
            request = try Request(arguments)
            plan = try Plan(request)
        } catch {
            fail(error.message)
        }
        // Root of the machine, asked before a user namespace (where a normal
        // user becomes root of the namespace) is entered for the network.
        let asUser: Int32 = geteuid() == 0 ? user : -1
        if let problem = enterPrivateNetwork() { fail("cannot make a private network: \(problem)") }
        run(plan, request: request, asUser: asUser)
    }

    /// Everything worked out before the fork: the child only calls C.
    struct Plan {
        var bwrap: String
        /// bubblewrap's arguments, the program's included.
        var arguments: [String]
        /// The folders the child shows at their places when it runs as root.
        var exposed: [String]
        /// The transcript's absolute path.
        var transcript: String?
        /// The small `/etc` the sandbox gets, by file name.
        static let etc: [(name: String, text: String)] = [
            ("hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n"),
            ("passwd", "nobody:x:65534:65534:nobody:/tmp:/usr/sbin/nologin\n"),
            ("group", "nogroup:x:65534:\n"),
        ]
        /// Descriptors 2, 3, 4 are bubblewrap's stderr, the start marker
        /// and the program's stderr; the `/etc` files follow from here.
        static let firstEtcDescriptor = 5

        init(_ request: Request) throws(Refusal) {
            guard let bwrap = Self.find("bwrap") else {
                throw Refusal(
                    "bubblewrap (bwrap) is not installed, so the notes' code cannot be sandboxed and is not run: "
                        + "install it (`apt-get install bubblewrap`, or scripts/bootstrap)")
            }
            self.bwrap = bwrap
            guard let folder = Self.real(".") else { throw Refusal("cannot resolve the working folder") }
            let readOnly = try Self.readOnlyFolders(request, folder: folder)
            exposed = readOnly + [folder]
            if let name = request.transcript {
                let parent = (name as NSString).deletingLastPathComponent
                guard let real = Self.real(parent.isEmpty ? "." : parent) else {
                    throw Refusal("--transcript \(name): its folder does not exist")
                }
                transcript = real + "/" + (name as NSString).lastPathComponent
            }
            arguments = try Self.arguments(request, readOnly: readOnly, folder: folder)
        }

        /// The `--read-only` folders, resolved, outside `/usr`; the
        /// program must be in one of them or in `/usr`.
        private static func readOnlyFolders(_ request: Request, folder: String) throws(Refusal) -> [String] {
            var readOnly: [String] = []
            for path in request.readOnly {
                guard let real = real(path), isDirectory(real) else {
                    throw Refusal("--read-only \(path) is not a folder")
                }
                if !real.hasPrefix("/usr/"), !readOnly.contains(real) { readOnly.append(real) }
            }
            for path in readOnly + [folder] where Sandbox.systemFolders.contains(topFolder(path)) || path == "/" {
                throw Refusal("\(path) is a system folder; the sandbox shows /usr read-only and hides the rest")
            }
            let program = request.program[0]
            guard program.hasPrefix("/"), let real = real(program) else {
                throw Refusal("\(program) is not an absolute path to a program")
            }
            guard real.hasPrefix("/usr/") || readOnly.contains(where: { real.hasPrefix($0 + "/") }) else {
                throw Refusal("\(program) is outside what the sandbox shows: /usr and the --read-only folders")
            }
            return readOnly
        }

        /// bubblewrap's arguments, from the namespaces to the program.
        private static func arguments(
            _ request: Request, readOnly: [String], folder: String
        ) throws(Refusal) -> [String] {
            // Both run inside the sandbox, which shows /usr.
            guard let prlimit = firstExecutable(["/usr/bin/prlimit"]) else {
                throw Refusal("/usr/bin/prlimit (util-linux) is missing, so the sandbox cannot set its limits")
            }
            guard let shell = firstExecutable(["/usr/bin/sh", "/bin/sh"]) else {
                throw Refusal("there is no /usr/bin/sh")
            }
            var arguments = [
                "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                "--disable-userns", "--uid", "\(Sandbox.user)", "--gid", "\(Sandbox.user)",
                "--hostname", "notes-sandbox", "--die-with-parent", "--new-session",
                "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp",
                "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8",
            ]
            let environment = ProcessInfo.processInfo.environment
            for name in Sandbox.passedVariables {
                if let value = environment[name] { arguments += ["--setenv", name, value] }
            }
            arguments += ["--ro-bind", "/usr", "/usr"]
            // /bin, /lib and the rest: links into /usr where /usr is merged, folders where not.
            for path in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFLNK, let target = linkTarget(path) {
                    arguments += ["--symlink", target, path]
                } else if (info.st_mode & S_IFMT) == S_IFDIR {
                    arguments += ["--ro-bind", path, path]
                }
            }
            for path in readOnly { arguments += ["--ro-bind", path, path] }
            let size = "\(Sandbox.scratchBytes)"
            arguments += [
                "--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs",
                "/dev/shm", "--dir", "/etc",
            ]
            for (offset, file) in etc.enumerated() {
                arguments += ["--ro-bind-data", "\(firstEtcDescriptor + offset)", "/etc/\(file.name)"]
            }
            arguments += ["--bind", folder, folder, "--chdir", folder, "--remount-ro", "/"]
            // The shell marks that the sandbox was made (descriptor 3), gives
            // the program the run's stderr (4; bubblewrap's own is a pipe to
            // the helper), and starts it under its limits.
            arguments += ["--", shell, "-c", "printf . >&3 && exec \"$@\" 3>&- 2>&4 4>&-", "notes-sandbox", prlimit]
            arguments += Sandbox.limits.map { "--\($0.name)=\($0.value)" } + ["--"] + request.program
            return arguments
        }

        static func firstExecutable(_ paths: [String]) -> String? {
            paths.first { access($0, X_OK) == 0 }
        }

        /// `name` on `PATH`, as a shell would find it.
        static func find(_ name: String) -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            for folder in path.split(separator: ":") where folder.hasPrefix("/") {
                let candidate = "\(folder)/\(name)"
                if access(candidate, X_OK) == 0, !isDirectory(candidate) { return candidate }
            }
            return nil
        }

        static func real(_ path: String) -> String? {
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }

        static func isDirectory(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }

        static func linkTarget(_ path: String) -> String? {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// `/root` of `/root/.pyenv/versions/3.11.7`.
        static func topFolder(_ path: String) -> String {
            "/" + (path.split(separator: "/").first.map(String.init) ?? "")
        }
    }

    /// - Parameter asUser: The user the child becomes before it starts
    ///   bubblewrap, when `notes` runs as root; -1 otherwise.
    private static func run(_ plan: Plan, request: Request, asUser: Int32) -> Never {
        var errors: [Int32] = [-1, -1]
        var marker: [Int32] = [-1, -1]
        guard notes_pipe_cloexec(&errors) == 0, notes_pipe_cloexec(&marker) == 0 else {
            fail("pipe2: \(String(cString: strerror(errno)))")
        }
        // Each small file of /etc waits in a pipe of its own for bubblewrap.
        var etc: [Int32] = []
        for file in Plan.etc {
            var pipe: [Int32] = [-1, -1]
            guard notes_pipe_cloexec(&pipe) == 0 else { fail("pipe2: \(String(cString: strerror(errno)))") }
            let bytes = Array(file.text.utf8)
            _ = bytes.withUnsafeBytes { write(pipe[1], $0.baseAddress, $0.count) }
            close(pipe[1])
            etc.append(pipe[0])
        }
        let descriptors = [errors[1], marker[1], 2] + etc
        let argv: [UnsafeMutablePointer<CChar>?] = ([plan.bwrap] + plan.arguments).map { strdup($0) } + [nil]
        let exposed: [UnsafePointer<CChar>?] = plan.exposed.map { UnsafePointer(strdup($0)) }

        fflush(nil)
        let sandbox = getpid()
        let child = fork()
        guard child >= 0 else { fail("fork: \(String(cString: strerror(errno)))") }
        if child == 0 {
            var step: UnsafePointer<CChar>?
            _ = notes_sandbox_exec(
                plan.bwrap, argv, descriptors, Int32(descriptors.count), exposed, Int32(exposed.count), asUser,
                sandbox, &step)
            let reason = String(cString: strerror(errno))
            writeError(
                "\(unavailablePrefix)cannot start bubblewrap: \(step.map { String(cString: $0) } ?? "?"): \(reason)\n")
            _exit(unavailableStatus)
        }
        close(errors[1])
        close(marker[1])
        etc.forEach { close($0) }

        if let port = request.port {
            let log = DriverClient.connect(port: port, message: request.message, while: { isRunning(child) })
            if let transcript = plan.transcript {
                FileBytes.writeNew(Array((log.joined(separator: "\n") + "\n").utf8), to: transcript)
            }
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1, errno == EINTR {}
        let started = readAll(marker[0]).first == UInt8(ascii: ".")
        let said = String(decoding: readAll(errors[0]), as: UTF8.self)
        guard started else {
            // The child's own line when it could not start bubblewrap
            // (on the run's stderr, or bubblewrap's once it was arranged).
            if said.hasPrefix(unavailablePrefix) { writeError(said) }
            if said.isEmpty || said.hasPrefix(unavailablePrefix), status == unavailableStatus << 8 {
                exit(unavailableStatus)
            }
            let line = said.split(separator: "\n").last.map(String.init) ?? "it ended with status \(status)"
            fail("bubblewrap could not make the sandbox, so nothing ran: \(line)")
        }
        if !said.isEmpty { writeError(said) }
        endLike(status)
    }

    /// Enters a new network namespace and brings its loopback up.
    /// - Returns: Nil on success, else what failed.
    private static func enterPrivateNetwork() -> String? {
        if notes_unshare_network() != 0 {
            let asRoot = String(cString: strerror(errno))
            guard notes_unshare_user_and_network() == 0 else {
                return "unshare: \(asRoot); with a user namespace: \(String(cString: strerror(errno)))"
            }
        }
        guard notes_loopback_up() == 0 else { return "bringing lo up: \(String(cString: strerror(errno)))" }
        return nil
    }

    /// What is left in a pipe whose writers have all gone.
    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return bytes
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        // WNOWAIT: look without reaping, so the final waitpid still sees it.
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    /// Exits with the program's status, or dies of the signal that ended it.
    private static func endLike(_ status: Int32) -> Never {
        let signal = status & 0x7F
        guard signal != 0 else { exit((status >> 8) & 0xFF) }
        Glibc.signal(signal, SIG_DFL)
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, signal)
        sigprocmask(SIG_UNBLOCK, &mask, nil)
        kill(getpid(), signal)
        exit(128 + signal)
    }

    /// Prints the one line and runs nothing.
    private static func fail(_ message: String) -> Never {
        writeError("\(unavailablePrefix)\(message)\n")
        exit(unavailableStatus)
    }

    /// Writes to standard error with one system call, safe after fork.
    private static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
