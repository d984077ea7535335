import CNotesSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A child process of `notes` (an example, the sandbox of the notes' code)
/// ends when `notes` ends, however it ends: a `notes` killed with SIGKILL,
/// or crashed, cannot leave a run that never ends behind it. Its process
/// group is killed on a timeout and on SIGINT or SIGTERM; this covers the
/// signals that cannot be caught.
public enum ParentWatch {
    /// Has the kernel kill this process when its parent ends; if the
    /// parent has ended already, exits now.
    public static func dieWithParent() {
        if notes_die_with_parent(getppid()) != 0, errno == ESRCH { exit(137) }
    }
}
