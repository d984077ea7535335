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

    /// The file that marks a folder as a cache `notes` made.
    static let marker = ".notes-cache"

    /// Makes `directory` the cache's, or refuses it: a cache folder is
    /// written to and pruned, so a folder of the user's is never taken for
    /// one. A new or empty folder is made the cache's; one made by an
    /// earlier `notes`, before the marker (only its entries in it), is
    /// recognized and marked.
    /// - Throws: ``ConfigurationError/cacheFolder(path:reason:)``, saying why.
    public static func claim(_ directory: String) throws(ConfigurationError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .cacheFolder(path: directory, reason: "exists and is not a folder")
            }
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            if entries.contains(marker) { return }
            let foreign = entries.filter { !isCacheEntry($0) }.sorted()
            guard foreign.isEmpty else {
                let named = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", …" : "")
                throw .cacheFolder(
                    path: directory,
                    reason: "refusing to use it: it is not empty and was not made by notes (it holds \(named)); "
                        + "give a new or empty folder")
            }
        }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data("A cache of `notes`: safe to delete.\n".utf8).write(
                to: URL(fileURLWithPath: "\(directory)/\(marker)"))
        } catch {
            throw .cacheFolder(path: directory, reason: "cannot write there: \(error.localizedDescription)")
        }
    }

    /// What an earlier `notes` wrote in its cache: runs by key, the durations,
    /// the remembered facts, parses and sites, and a file being written.
    private static func isCacheEntry(_ name: String) -> Bool {
        if ["durations.json", "facts", "parses", "sites"].contains(name) { return true }
        if name.hasPrefix("durations.json.") || name.hasSuffix(".tmp") { return true }
        let stem = name.hasSuffix(".json") ? name.dropLast(5) : Substring(name)
        return stem.count == 64 && stem.allSatisfy(\.isHexDigit)
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

    /// Forgets the result stored for `key`.
    func remove(_ key: String) {
        unlink(path(key))
    }

    private func path(_ key: String) -> String { "\(directory)/\(key).json" }
}
