import ExampleKit
import Foundation

/// Rewrites registered fingerprints once a person has reviewed a port
/// against its changed block.
public enum FingerprintUpdater {
    /// Replaces the fingerprint literal of every stale example in the file
    /// that registers it.
    /// - Returns: One line per updated example.
    /// - Throws: ``ConfigurationError`` when a registration file cannot be
    ///   read or written, or does not contain the old fingerprint.
    public static func update(_ binding: Binding) throws -> [String] {
        var changes: [String] = []
        for block in binding.blocks {
            for example in block.staleExamples {
                try rewrite(example, to: block.fingerprint)
                let place = Binder.declarationLocation(example.declaration)
                changes.append("\(place): '\(example.id)' fingerprint \(example.fingerprint) → \(block.fingerprint)")
            }
        }
        return changes
    }

    private static func rewrite(_ example: Example, to fingerprint: String) throws {
        let path = example.declaration.filePath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError.registryFile(
                path: path, reason: "cannot read it, and example '\(example.id)' is registered there")
        }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        let old = "\"\(example.fingerprint)\""
        guard
            let index = lines.indices.dropFirst(max(0, example.declaration.line - 1)).first(where: {
                lines[$0].contains(old)
            })
        else {
            throw ConfigurationError.registryFile(
                path: path, reason: "cannot find fingerprint \(old) of example '\(example.id)'")
        }
        lines[index] = lines[index].replacingOccurrences(of: old, with: "\"\(fingerprint)\"")
        do {
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ConfigurationError.registryFile(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
