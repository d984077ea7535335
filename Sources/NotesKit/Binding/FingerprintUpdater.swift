public import ExampleKit
import Foundation

/// Accepts the new text of changed blocks once a person has reviewed their
/// ports: `notes check --update-fingerprints [ID|PATH…] [--dry-run]`.
///
/// Only the named examples (or those of the named notes; all stale ones
/// when none is named) are considered, and each is shown with the diff of
/// what changed in its block since the last review. The affected blocks
/// are then run against their new text, the notes' own Python included
/// (in the sandbox, because the author asked: a plain `check` never runs a
/// changed block's Python), and what would stop holding is reported at
/// its line. With `--dry-run` that is all; without it, and only if the
/// blocks pass, the fingerprint literal in the registry is rewritten and
/// the block's new text is kept for the next review's diff and for the
/// check that the text run is the text reviewed.
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
            // Stale examples; or, when the text reviewed was not kept (or
            // is not the block's), the block's examples, to keep it now.
            var examples = block.staleExamples
            switch block.clearance {
            case .textNotKept, .textDiffers: examples = block.examples
            default: break
            }
            for example in examples where selection.includes(example: example.id) {
                changes.append((block, example))
            }
        }
        guard !changes.isEmpty else { return Outcome(lines: ["no stale fingerprints"], accepted: true) }
        var lines: [String] = []
        for (block, example) in changes {
            let place = Binder.declarationLocation(example.declaration)
            guard example.fingerprint != block.fingerprint else {
                lines.append(
                    "\(place): '\(example.id)' fingerprint \(block.fingerprint) unchanged, but the text it was "
                        + "reviewed against is not kept as the block reads now; accepting keeps it")
                continue
            }
            lines.append("\(place): '\(example.id)' fingerprint \(example.fingerprint) → \(block.fingerprint)")
            if let before = binding.reviewedText(example.fingerprint) {
                lines += UnifiedDiff.lines(old: before, new: block.block.code).map { "    " + $0 }
            } else {
                lines.append("    (the text it was reviewed against was not kept; no diff)")
            }
        }

        // Judge the affected blocks as if their new text were accepted:
        // their Python runs, in the sandbox, because the author asked.
        let accepted = Set(changes.map(\.example.id))
        var blocks = Array(Set(changes.map(\.block.key))).sorted().compactMap { key in
            binding.blocks.first { $0.key == key }
        }
        for index in blocks.indices {
            for example in blocks[index].examples.indices where accepted.contains(blocks[index].examples[example].id) {
                blocks[index].examples[example].fingerprint = blocks[index].fingerprint
            }
            let left = blocks[index].staleExamples.map(\.id)
            if left.isEmpty {
                if blocks[index].review?.original != nil { blocks[index].clearance = .cleared }
            } else {
                lines.append(
                    "\(blocks[index].path):\(blocks[index].block.line): its block is still stale for "
                        + left.joined(separator: ", ") + ": name them too, or the block by its FILE:LINE, "
                        + "for its Python to run")
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
        if dryRun {
            let verdict =
                failures.isEmpty
                ? ["against the new text, the ports pass and every erratum and claim still holds"]
                : ["against the new text, this would stop holding:"] + failures
            return Outcome(lines: lines + verdict + ["dry run: nothing was written"], accepted: true)
        }
        guard failures.isEmpty else {
            return Outcome(
                lines: lines + ["not accepted: against the new text, the block does not pass; nothing was written"]
                    + failures, accepted: false)
        }
        for (block, example) in changes {
            if example.fingerprint != block.fingerprint { try rewrite(example, to: block.fingerprint) }
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
