import Foundation

/// How long each run took last time, so that the longest start first.
///
/// With two cores and a dozen runs of very different lengths (a block that
/// never ends runs to its timeout; most end in a tenth of a second), the
/// order decides the wall time: starting the long ones last leaves a core
/// idle at the end. The history is kept in the cache folder and used even
/// with `--no-cache`, which only stops results from being reused.
struct RunHistory: Sendable {
    let path: String

    init(directory: String) {
        path = directory + "/durations.json"
    }

    /// Seconds by job label, from the last check that ran them.
    func load() -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path),
            let durations = try? JSONDecoder().decode([String: Double].self, from: data)
        else { return [:] }
        return durations
    }

    /// Records the durations of `outcomes`, keeping the other labels' entries.
    func record(_ durations: [String: Double]) {
        guard !durations.isEmpty else { return }
        var all = load()
        all.merge(durations) { _, new in new }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(all) else { return }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
