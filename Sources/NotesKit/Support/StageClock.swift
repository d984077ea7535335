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
                format: "timing %-22@ %7.1f ms  (at %7.1f ms, %4d MB resident)\n", name as NSString,
                Double(end - begin) / 1e6, Double(end - origin) / 1e6, residentMegabytes())
            FileHandle.standardError.write(Data(line.utf8))
        }
        return try body()
    }

    /// Runs `body` on `input`, handing it over rather than copying it (a
    /// stage may then change a large value in place), and prints its time
    /// under `name` when timings are on. With timings on, the timed closure
    /// may hold `input` too, so a change to it may copy it: only memory, not
    /// the result, differs.
    static func time<Input, T>(_ name: String, taking input: consuming Input, _ body: (consuming Input) -> T) -> T {
        guard isOn else { return body(consume input) }
        return time(name) { [input = consume input] in body(input) }
    }

    /// The process's resident memory now, from `/proc/self/statm` (0 where there is none).
    private static func residentMegabytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
