import ExampleKit

#if canImport(Glibc)
    import Glibc
#endif

/// The read ends of a child's stdout and stderr, drained without blocking.
struct Pipes {
    struct Capture {
        var fd: Int32
        var kept: [UInt8] = []
        var dropped = 0
        var open: Bool { fd >= 0 }
    }

    var stdout: Capture
    var stderr: Capture
    let cap: Int
    let onOutput: ((ChildProcess.Stream, ArraySlice<UInt8>) -> Void)?

    init(stdout: Int32, stderr: Int32, cap: Int, onOutput: ((ChildProcess.Stream, ArraySlice<UInt8>) -> Void)?) {
        for fd in [stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        self.stdout = Capture(fd: stdout)
        self.stderr = Capture(fd: stderr)
        self.cap = cap
        self.onOutput = onOutput
    }

    var anyOpen: Bool { stdout.open || stderr.open }

    /// Waits up to `timeout` for output, then reads all that is available.
    mutating func pump(waitingAtMost timeout: Duration) {
        let milliseconds = Int32(max(0, min(timeout.seconds * 1000, 1000)).rounded(.up))
        var fds = [
            pollfd(fd: stdout.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stderr.fd, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nfds_t(fds.count), milliseconds)
        guard ready > 0 else { return }
        if fds[0].revents != 0 { Self.drain(&stdout, as: .stdout, cap: cap, onOutput: onOutput) }
        if fds[1].revents != 0 { Self.drain(&stderr, as: .stderr, cap: cap, onOutput: onOutput) }
    }

    private static func drain(
        _ capture: inout Capture, as stream: ChildProcess.Stream, cap: Int,
        onOutput: ((ChildProcess.Stream, ArraySlice<UInt8>) -> Void)?
    ) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while capture.open {
            let count = buffer.withUnsafeMutableBytes { read(capture.fd, $0.baseAddress, $0.count) }
            if count > 0 {
                let chunk = buffer[..<count]
                onOutput?(stream, chunk)
                let room = max(0, cap - capture.kept.count)
                capture.kept += chunk.prefix(room)
                capture.dropped += max(0, count - room)
            } else if count == 0 {
                close(capture.fd)
                capture.fd = -1
            } else if errno == EINTR {
                continue
            } else {
                if errno != EAGAIN, errno != EWOULDBLOCK {
                    close(capture.fd)
                    capture.fd = -1
                }
                return
            }
        }
    }

    mutating func closeAll() {
        for fd in [stdout.fd, stderr.fd] where fd >= 0 { close(fd) }
        stdout.fd = -1
        stderr.fd = -1
    }
}
