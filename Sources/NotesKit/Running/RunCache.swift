import Foundation

/// Results of earlier runs, keyed on everything that can change them.
///
/// The key covers the launcher's identity (the binary's hash, or a
/// compile-failure lesson's source and compiler), the command line and the
/// limits. Any change to the examples rebuilds the binary and so misses the
/// cache; an unchanged re-check runs nothing. Entries are written
/// atomically; an unreadable entry is a miss, never an error.
public struct RunCache: Sendable {
    public let directory: String
    /// Bumped when ``RunResult``'s meaning changes.
    static let format = "1"

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

    func load(_ key: String) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: path(key)),
            var result = try? JSONDecoder().decode(RunResult.self, from: data)
        else { return nil }
        result.cached = true
        return result
    }

    func store(_ result: RunResult, _ key: String) {
        guard let data = try? JSONEncoder().encode(result) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path(key)), options: .atomic)
    }

    private func path(_ key: String) -> String { "\(directory)/\(key).json" }
}
