public import ExampleKit
import Foundation

/// Accepts the new text of changed blocks once a person has reviewed their
/// ports: `notes check --update-fingerprints [ID|PATH…] [--dry-run]`.
///
/// Only the named examples (or those of the named notes; all stale ones
/// when none is named) are considered, and each is shown with the diff of
/// what changed in its block since the last review. Accepting runs the
/// affected blocks against their new text first, and accepts only if they
/// pass: then the fingerprint literal in the registry is rewritten, and the
/// block's new text is kept for the next review's diff.
public enum FingerprintUpdater {
    /// What an update did.
    public struct Outcome: Sendable {
        /// What to print.
        public var lines: [String]
        /// False when the ports failed against the new text and nothing was written.
        public var accepted: Bool
    }

    public static func update(
        notes: String, registry: ExampleRegistry, runner: Runner, selection: Selection = .all, dryRun: Bool
    ) throws -> Outcome {
        let binding = try Pipeline.bind(notes: notes, registry: registry, selection: selection)
        var changes: [(block: BoundBlock, example: Example)] = []
        for block in binding.blocks {
            for example in block.staleExamples where selection.includes(example: example.id) {
                changes.append((block, example))
            }
        }
        guard !changes.isEmpty else { return Outcome(lines: ["no stale fingerprints"], accepted: true) }
        var lines: [String] = []
        for (block, example) in changes {
            let place = Binder.declarationLocation(example.declaration)
            lines.append("\(place): '\(example.id)' fingerprint \(example.fingerprint) → \(block.fingerprint)")
            if let before = binding.reviewedText(example.fingerprint) {
                lines += UnifiedDiff.lines(old: before, new: block.block.code).map { "    " + $0 }
            } else {
                lines.append("    (the text it was reviewed against was not kept; no diff)")
            }
        }
        if dryRun { return Outcome(lines: lines + ["dry run: nothing was run or written"], accepted: true) }

        // Judge the affected blocks as if their new text were accepted.
        let accepted = Set(changes.map(\.example.id))
        var blocks = Array(Set(changes.map(\.block.key))).sorted().compactMap { key in
            binding.blocks.first { $0.key == key }
        }
        for index in blocks.indices {
            for example in blocks[index].examples.indices where accepted.contains(blocks[index].examples[example].id) {
                blocks[index].examples[example].fingerprint = blocks[index].fingerprint
            }
        }
        let outcomes = runner.run(runner.jobs(for: blocks))
        let documents = Dictionary(binding.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var failures: [String] = []
        for block in blocks {
            let report = Checker.checkBlock(
                block, outcomes: outcomes, document: documents[block.path], originals: runner.originals)
            if !report.status.isSuccess {
                failures += report.diagnostics.filter { $0.severity == .error }.map(\.description)
            }
        }
        guard failures.isEmpty else {
            return Outcome(
                lines: lines + ["not accepted: against the new text, the block does not pass; nothing was written"]
                    + failures, accepted: false)
        }
        for (block, example) in changes {
            try rewrite(example, to: block.fingerprint)
            if let folder = binding.reviewedBlocks {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try? Data(block.block.code.utf8).write(
                    to: URL(fileURLWithPath: "\(folder)/\(block.fingerprint).txt"), options: .atomic)
            }
        }
        return Outcome(lines: lines + ["accepted; rebuild for the new fingerprints to take effect"], accepted: true)
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
