#if canImport(Glibc)
    import Glibc
#endif

/// Names of signals, for crash reports.
enum SignalName {
    private static let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGXCPU: "SIGXCPU",
        SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
    ]

    /// `SIGSEGV`, or `signal 40` for one without a name.
    static func name(_ signal: Int32) -> String {
        names[signal] ?? "signal \(signal)"
    }

    /// `SIGSEGV (Segmentation fault)`; Swift traps (`fatalError`,
    /// `precondition`, overflow) arrive as SIGILL or SIGTRAP.
    static func describe(_ signal: Int32) -> String {
        var text = name(signal)
        if let description = strsignal(signal) { text += " (\(String(cString: description)))" }
        if signal == SIGILL || signal == SIGTRAP { text += ", a Swift runtime trap" }
        return text
    }
}
