#if canImport(Glibc)
    import Glibc
#endif

/// Writes `line` and a newline to standard error in one `write(2)`, so
/// that another thread's output never lands inside it.
///
/// A port's standard output is what the checker compares with the
/// Python's, line for line; what a port says about its run (how long it
/// took, how often an update was lost) goes here, in Chinese.
package func note(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes {
            write(2, $0.baseAddress, $0.count)
        }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}
