import Foundation

/// Results of earlier runs, keyed on everything that can change them.
///
/// The key covers the launcher's identity (the binary's hash, or a
/// compile-failure lesson's source and compiler), the command line and the
/// limits. Any change to the examples rebuilds the binary and so misses the
/// cache; an unchanged re-check runs nothing.
///
/// An entry is used only when it is well formed, was recorded for this key
/// under these limits, holds no more output than the limits allow, and
/// matches the SHA-256 stored with it; anything else is a miss, never an
/// error. Entries are written atomically. This guards against corruption
/// and half-written entries, not against someone who can write to the cache
/// folder: they could as well change the binary it runs.
public struct RunCache: Sendable {
    public let directory: String
    /// Bumped when ``RunResult``'s meaning changes.
    static let format = "3"

    /// One entry on disk: the result's JSON, and what it must match.
    private struct Entry: Codable {
        var format: String
        var key: String
        var limits: RunLimits
        /// SHA-256 of `result`.
        var checksum: String
        /// The ``RunResult`` as JSON text.
        var result: String
    }

    public init(directory: String) {
        self.directory = directory
    }

    func key(identity: String, command: Command, limits: RunLimits) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parts = (try? encoder.encode([String(describing: command.executable)] + command.arguments)) ?? Data()
        let environment = (try? encoder.encode(command.environment)) ?? Data()
        let material = [
            Self.format, identity, String(decoding: parts, as: UTF8.self),
            String(decoding: environment, as: UTF8.self),
            "\(limits.timeout) \(limits.outputCap) \(limits.grace)",
        ].joined(separator: "\n")
        return Digest.sha256(material)
    }

    /// The result stored for `key`, if the entry can be trusted for a run
    /// under `limits`.
    func load(_ key: String, limits: RunLimits) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: path(key)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data),
            entry.format == Self.format, entry.key == key, entry.limits == limits,
            Digest.sha256(entry.result) == entry.checksum,
            var result = try? JSONDecoder().decode(RunResult.self, from: Data(entry.result.utf8)),
            result.stdout.utf8.count <= limits.outputCap, result.stderr.utf8.count <= limits.outputCap
        else { return nil }
        result.cached = true
        return result
    }

    func store(_ result: RunResult, _ key: String, limits: RunLimits) {
        var result = result
        result.cached = false  // an entry is a run's own result; `load` marks it cached
        guard let json = try? JSONEncoder().encode(result) else { return }
        let text = String(decoding: json, as: UTF8.self)
        let entry = Entry(format: Self.format, key: key, limits: limits, checksum: Digest.sha256(text), result: text)
        guard let data = try? JSONEncoder().encode(entry) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path(key)), options: .atomic)
    }

    private func path(_ key: String) -> String { "\(directory)/\(key).json" }
}
