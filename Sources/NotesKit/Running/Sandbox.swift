import CNotesSystem
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The helper process the notes' code runs under:
/// `notes __sandbox [--network private|shared] [--connect PORT --message TEXT --transcript FILE] -- PROGRAM ARGS…`.
///
/// It is the leader of the process group the runner made for the run. It
/// gives itself a network of its own where asked (only a loopback, up, so
/// a block's fixed port such as 8989 never meets anything else on the
/// machine), starts the program as its child, drives it as a client where
/// asked, waits for it, and ends the way the program ended: with its
/// status, or by the same signal.
public enum Sandbox {
    /// The hidden subcommand.
    public static let subcommand = "__sandbox"

    /// Whether a run has a network of its own.
    enum Network: String, Sendable, Codable {
        /// A network namespace with only a loopback interface.
        case isolated = "private"
        /// The machine's network: the code's fixed ports may clash.
        case shared
    }

    /// Runs the helper with the arguments after the subcommand; never returns.
    public static func main(_ arguments: [String]) -> Never {
        ParentWatch.dieWithParent()
        var network = Network.shared
        var port: UInt16?
        var message = ""
        var transcriptPath: String?
        var rest = arguments[...]
        while let option = rest.first, option != "--" {
            rest = rest.dropFirst()
            switch option {
            case "--check":
                exit(enterPrivateNetwork() == nil ? 0 : 1)
            case "--network":
                network = Network(rawValue: rest.first ?? "") ?? .shared
                rest = rest.dropFirst()
            case "--connect":
                port = rest.first.flatMap { UInt16($0) }
                rest = rest.dropFirst()
            case "--message":
                message = rest.first ?? ""
                rest = rest.dropFirst()
            case "--transcript":
                transcriptPath = rest.first
                rest = rest.dropFirst()
            default:
                fail("unknown option \(option)")
            }
        }
        let program = Array(rest.dropFirst())
        guard !program.isEmpty else { fail("no program to run") }
        if network == .isolated, let problem = enterPrivateNetwork() {
            fail("cannot make a private network: \(problem)")
        }

        fflush(nil)
        let sandbox = getpid()
        let child = fork()
        guard child >= 0 else { fail("fork: \(String(cString: strerror(errno)))") }
        if child == 0 {
            // The notes' code dies with the sandbox, which dies with `notes`.
            if notes_die_with_parent(sandbox) != 0 { _exit(127) }
            let argv = program.map { strdup($0) } + [nil]
            execv(program[0], argv)
            writeError("cannot start \(program[0]): \(String(cString: strerror(errno)))\n")
            _exit(127)
        }

        if let port {
            let log = DriverClient.connect(port: port, message: message, while: { isRunning(child) })
            if let transcriptPath {
                try? Data((log.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: transcriptPath))
            }
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1, errno == EINTR {}
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

    private static func fail(_ message: String) -> Never {
        writeError("notes sandbox: \(message)\n")
        exit(125)
    }

    /// Writes to standard error with one system call, safe after fork.
    private static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
