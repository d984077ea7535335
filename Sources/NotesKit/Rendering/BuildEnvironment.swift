public import Foundation

/// Facts about the build environment that the site shows.
public enum BuildEnvironment {
    /// The first line of `swiftc --version`, or "unknown".
    public static func toolchain() -> String {
        guard let swiftc = try? ChildProcess.resolve("swiftc"),
            let result = try? ChildProcess.run(
                Command(swiftc, ["--version"]), limits: RunLimits(timeout: .seconds(20))),
            result.termination == .exited(0)
        else { return "unknown" }
        let text = result.stdout.isEmpty ? result.stderr : result.stdout
        return text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// The date SOURCE_DATE_EPOCH names, as `2026-11-26 23:02 UTC`, or nil when it is unset.
    public static func sourceDate(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let value = environment["SOURCE_DATE_EPOCH"], let seconds = Int(value) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
