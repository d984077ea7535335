import Foundation

/// How long each stage of a build took, printed to standard error when
/// `NOTES_TIMINGS` is set: `notes build` with `NOTES_TIMINGS=1` shows
/// where a slow build spends its time. Silent, and nearly free, otherwise.
enum StageClock {
    static let isOn = ProcessInfo.processInfo.environment["NOTES_TIMINGS"].map { !$0.isEmpty && $0 != "0" } ?? false
    private static let start = DispatchTime.now().uptimeNanoseconds

    /// Runs `body`, and prints its time under `name` when timings are on.
    @discardableResult
    static func time<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard isOn else { return try body() }
        let origin = start  // the first stage timed starts the clock
        let begin = DispatchTime.now().uptimeNanoseconds
        defer {
            let end = DispatchTime.now().uptimeNanoseconds
            let line = String(
                format: "timing %-22@ %7.1f ms  (at %7.1f ms)\n", name as NSString, Double(end - begin) / 1e6,
                Double(end - origin) / 1e6)
            FileHandle.standardError.write(Data(line.utf8))
        }
        return try body()
    }
}
