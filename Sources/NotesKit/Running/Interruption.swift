import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What an interrupt of `notes` (Ctrl-C, a CI cancel, a closed terminal)
/// does to the examples still running.
public enum Interruption {
    /// Makes SIGINT, SIGTERM and SIGHUP first terminate every example still
    /// running, so none outlives the check, then exit with 128 + the signal.
    public static func terminateChildrenOnSignal() {
        LiveGroups.shared.terminateOnInterrupt()
    }
}

/// The process groups started by this process that are still running, so
/// that an interrupt can take them down too.
final class LiveGroups: @unchecked Sendable {
    static let shared = LiveGroups()

    private let lock = NSLock()
    private var groups: Set<pid_t> = []
    private var sources: [any DispatchSourceSignal] = []

    func insert(_ pgid: pid_t) { lock.withLock { _ = groups.insert(pgid) } }
    func remove(_ pgid: pid_t) { lock.withLock { _ = groups.remove(pgid) } }

    func terminateOnInterrupt() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    let live = lock.withLock { groups }
                    for pgid in live { kill(-pgid, SIGTERM) }
                    usleep(200_000)
                    for pgid in live { kill(-pgid, SIGKILL) }
                    _exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
