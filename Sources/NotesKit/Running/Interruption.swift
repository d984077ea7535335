import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What an interrupt of `notes` (Ctrl-C, a CI cancel, a closed terminal)
/// does: the runs still going are stopped, nothing they did is cached, no
/// report and no half-written site are left, and `notes` exits with 128 +
/// the signal (130 for SIGINT, 143 for SIGTERM).
public enum Interruption {
    /// Makes SIGINT, SIGTERM and SIGHUP do the above.
    public static func terminateChildrenOnSignal() {
        LiveGroups.shared.terminateOnInterrupt()
    }

    /// Whether an interrupt has arrived; the runner then caches nothing.
    static var isInterrupted: Bool { LiveGroups.shared.interrupted }

    /// Thrown where work that an interrupt made pointless would go on.
    struct Interrupted: Error {}

    /// Never returns once an interrupt has arrived: the signal handler ends
    /// the process, and nothing may be reported or written meanwhile (an
    /// error that the interrupt itself caused, such as a site folder taken
    /// away while it was written, is not reported either).
    public static func waitForExitIfInterrupted() {
        while isInterrupted { sleep(60) }
    }

    /// - Throws: ``Interrupted`` once an interrupt has arrived.
    static func throwIfInterrupted() throws {
        if isInterrupted { throw Interrupted() }
    }
}

/// Folders being written that an interrupt must not leave behind.
final class TemporaryPaths: @unchecked Sendable {
    static let shared = TemporaryPaths()

    private let lock = NSLock()
    private var paths: Set<String> = []

    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Removes them all; called once the process is about to exit.
    func removeAll() {
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// The process groups started by this process that are still running, so
/// that an interrupt can take them down too.
final class LiveGroups: @unchecked Sendable {
    static let shared = LiveGroups()

    private let lock = NSLock()
    private var groups: Set<pid_t> = []
    private var sources: [any DispatchSourceSignal] = []
    private var signalled = false

    /// Whether SIGINT, SIGTERM or SIGHUP has arrived.
    var interrupted: Bool { lock.withLock { signalled } }

    func insert(_ pgid: pid_t) { lock.withLock { _ = groups.insert(pgid) } }
    func remove(_ pgid: pid_t) { lock.withLock { _ = groups.remove(pgid) } }

    func terminateOnInterrupt() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    // From here on nothing is cached and nothing reported:
                    // the runs end because of this signal, not of their own.
                    let live = lock.withLock {
                        signalled = true
                        return groups
                    }
                    for pgid in live { kill(-pgid, SIGTERM) }
                    usleep(200_000)
                    for pgid in lock.withLock({ groups }) { kill(-pgid, SIGKILL) }
                    TemporaryPaths.shared.removeAll()
                    _exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
