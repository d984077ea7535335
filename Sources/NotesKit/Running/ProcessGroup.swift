import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Looks at process groups through `/proc`.
enum ProcessGroup {
    /// The processes of group `pgid` that are still running. Zombies (exited
    /// but not yet reaped, as orphans can stay where init does not reap)
    /// are not counted.
    static func liveMembers(_ pgid: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else {
            // No /proc: fall back to asking the kernel whether the group exists.
            return kill(-pgid, 0) == 0 ? [pgid] : []
        }
        defer { closedir(directory) }
        var members: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name),
                let stat = readSmallFile("/proc/\(pid)/stat"),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state ppid pgrp …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let group = pid_t(fields[2]) else { continue }
            if group == pgid, fields[0] != "Z", fields[0] != "X" { members.append(pid) }
        }
        return members
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
