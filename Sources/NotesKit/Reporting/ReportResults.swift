import ExampleKit
import Foundation

/// Which shard of the selected blocks a report holds.
struct ReportShard: Sendable, Hashable, Codable {
    /// 1-based, as in `--shard i/n`.
    var index: Int
    var count: Int
    /// How many blocks the selection split into the `count` shards: the
    /// merged shards must hold exactly these.
    var selectedBlocks: Int
}

extension ReportShard {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        index = try values.decode(Int.self, forKey: .index)
        count = try values.decode(Int.self, forKey: .count)
        selectedBlocks = try values.decode(Int.self, forKey: .selectedBlocks)
        // A report written by hand or cut about: refused here, never a range that traps later.
        guard count >= 1, (1...count).contains(index), selectedBlocks >= 0 else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "shard \(index) of \(count) over \(selectedBlocks) blocks is not a shard: "
                        + "the count is at least 1, the index from 1 to the count, the blocks at least 0"))
        }
    }
}

/// The `results` section of the JSON report: the ``CheckReport`` itself,
/// with nothing left out (every run's output, exit, signal, timing and
/// truncation, the notes' Python and its probes, every claim, erratum and
/// diagnostic as a value), so that `notes report merge` and `notes build
/// --results` read back exactly what the check found.
///
/// The rest of the JSON report is for people and tools; this section is for
/// `notes` itself, and its shape follows ``format``.
struct ReportResults: Sendable, Codable {
    /// Bumped whenever the section's shape or meaning changes: reports of
    /// another format are refused, not half read.
    static let currentFormat = 1

    var format: Int
    /// See ``CheckReport/bindingDigest``.
    @NullWhenNil var binding: String?
    @NullWhenNil var shard: ReportShard?
    @NullWhenNil var toolchain: String?
    var blocks: [BlockReport]
    var diagnostics: [Diagnostic]

    init(_ report: CheckReport) {
        format = Self.currentFormat
        binding = report.bindingDigest
        shard = report.shard
        toolchain = report.toolchain
        blocks = report.blocks
        diagnostics = report.diagnostics
    }

    var report: CheckReport {
        CheckReport(
            blocks: blocks, diagnostics: diagnostics, bindingDigest: binding, shard: shard, toolchain: toolchain)
    }

    /// Reads the results of the JSON report in `data`.
    /// - Throws: ``ConfigurationError/results(path:reason:)`` naming `path`,
    ///   and where in the JSON the problem is.
    static func decode(_ data: Data, path: String) throws(ConfigurationError) -> CheckReport {
        struct Header: Decodable {
            struct Format: Decodable { var format: Int }
            var results: Format?
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw failure(error, in: data, path: path)
        }
        guard let format = header.results?.format else {
            throw .results(
                path: path,
                reason: "has no \"results\" section: it is not the output of `notes check --format json` "
                    + "(or of `notes report merge --format json`), or was written by an older notes")
        }
        guard format == currentFormat else {
            throw .results(
                path: path,
                reason: "holds results of format \(format), but this notes reads format \(currentFormat): "
                    + "check and merge with the same version of notes")
        }
        struct Root: Decodable { var results: ReportResults }
        do {
            return try JSONDecoder().decode(Root.self, from: data).results.report
        } catch {
            throw failure(error, in: data, path: path)
        }
    }

    /// A decoding error in a line, naming the file: what is wrong, and
    /// where, as `file:line:column` for a file that is not JSON at all, or
    /// by its place in the JSON (`at results.blocks[3].line`).
    static func failure(_ error: any Error, in data: Data, path: String) -> ConfigurationError {
        if case .dataCorrupted(let context) = error as? DecodingError, context.codingPath.isEmpty,
            let (line, column, message) = syntaxError(in: data)
        {
            return .results(path: "\(path):\(line):\(column)", reason: "is not valid JSON: \(message)")
        }
        return .results(path: path, reason: describe(error))
    }

    /// Where `data` stops being JSON, 1-based, and what is wrong there.
    static func syntaxError(in data: Data) -> (line: Int, column: Int, message: String)? {
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        // "Invalid value around character 8."; the end of the data for "Unexpected end of file".
        let offset = message.firstMatch(of: /character (\d+)/).flatMap { Int($0.output.1) } ?? data.count
        let before = data.prefix(min(offset, data.count))
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let column =
            before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 - before.startIndex + 1 } ?? 0) + 1
        return (line, column, message)
    }

    /// A decoding error in a line: what is wrong, and where in the JSON.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "cannot be read: \(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            return path.isEmpty ? "" : " at \(path.joined().drop(while: { $0 == "." }))"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            return "is not valid JSON: \(detail)"
        case .dataCorrupted(let context):
            return "has an invalid value\(at(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "lacks \"\(key.stringValue)\"\(at(context))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "has a value of the wrong type\(at(context)): expected \(type)"
        @unknown default:
            return "cannot be read: \(error)"
        }
    }
}

extension CheckReport {
    /// Records what the report's blocks were checked against: the whole
    /// binding of the notes (before any selection), and the shard.
    mutating func recordOrigin(_ binding: Binding, _ selection: Selection) {
        bindingDigest = binding.digest
        shard = selection.shard.map { shard in
            let selected = binding.blocks.filter(selection.includes).count
            return ReportShard(index: shard.index, count: shard.count, selectedBlocks: selected)
        }
    }
}

extension Binding {
    /// SHA-256 of every block of the notes as the registry binds it: its
    /// note, line, position and fingerprint, and the examples (with the
    /// fingerprints they were reviewed against), waiver and review bound to
    /// it. Two checks with the same digest judged the same blocks against
    /// the same registrations; it does not cover the ports' code, which the
    /// run cache keys on instead.
    var digest: String {
        let lines = blocks.map { block in
            var fields = [block.path, "\(block.block.line)", "\(block.ordinal)", block.fingerprint]
            fields.append(block.examples.map { "\($0.id)=\($0.fingerprint)" }.joined(separator: ","))
            fields.append(block.waiver.map { "waived: \($0.reason)" } ?? "-")
            if let review = block.review {
                fields.append(
                    "review: \(review.original != nil) \(review.probes.map(\.name)) \(review.claims.map(\.quote)) "
                        + "\(review.errata.count)")
            }
            return fields.joined(separator: "\t")
        }
        return Digest.sha256(lines.joined(separator: "\n"))
    }
}

/// Joins the JSON reports of a check's shards (or of checks of disjoint
/// selections) into one report, as if one check had run every block.
///
/// The merged report holds every input's blocks in the notes' order (by
/// their position in the notes, as an unsharded check lists them), and the
/// diagnostics not tied to a block once: every shard sees the whole notes
/// folder, so they must agree. The merge of the n shards of a check is
/// therefore the report of the unsharded check, exactly, when the runs are
/// the same ones (from the run cache, say). Refused, with the file named:
/// a file that is not such a report, results of another format, shards of
/// other notes, registry or toolchain, a block in two inputs, shards of
/// different splits, a missing shard, and shards mixed with other reports.
public enum ReportMerge {
    /// Reads the JSON reports at `paths` and merges them.
    /// - Throws: ``ConfigurationError`` naming the file at fault.
    public static func merge(files paths: [String]) throws(ConfigurationError) -> CheckReport {
        var inputs: [(name: String, report: CheckReport)] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw .results(path: path, reason: exists ? "cannot be read" : "no such file")
            }
            inputs.append((path, try ReportResults.decode(data, path: path)))
        }
        return try merge(inputs)
    }

    /// Merges reports, each named by its file for the errors.
    static func merge(_ inputs: [(name: String, report: CheckReport)]) throws(ConfigurationError) -> CheckReport {
        guard let (firstName, first) = inputs.first else {
            throw .results(path: "notes report merge", reason: "give at least one JSON report")
        }
        var seen: [BlockKey: String] = [:]
        var blocks: [BlockReport] = []
        for (name, report) in inputs {
            if report.bindingDigest != first.bindingDigest {
                throw .results(
                    path: name,
                    reason: "was checked against other notes or another registry than \(firstName): "
                        + "merge the shards of one check, of one commit")
            }
            if report.toolchain != first.toolchain {
                throw .results(
                    path: name,
                    reason: "was checked with \(report.toolchain ?? "no recorded toolchain"), \(firstName) with "
                        + "\(first.toolchain ?? "no recorded toolchain")")
            }
            if report.diagnostics != first.diagnostics {
                throw .results(
                    path: name,
                    reason: "reports other problems with the notes folder than \(firstName) (the shards saw "
                        + "different notes)")
            }
            for block in report.blocks {
                let key = BlockKey(block)
                if let other = seen[key] {
                    throw .results(
                        path: name,
                        reason: "holds \(block.path):\(block.line), which \(other) holds too: overlapping shards "
                            + "or selections")
                }
                seen[key] = name
                blocks.append(block)
            }
        }
        try checkShards(inputs, blocks: blocks.count)
        blocks.sort { BlockKey($0) < BlockKey($1) }
        return CheckReport(
            blocks: blocks, diagnostics: first.diagnostics, bindingDigest: first.bindingDigest, shard: nil,
            toolchain: first.toolchain)
    }

    /// Shards merge only with the other shards of the same split, all of them.
    private static func checkShards(
        _ inputs: [(name: String, report: CheckReport)], blocks: Int
    ) throws(ConfigurationError) {
        let sharded = inputs.filter { $0.report.shard != nil }
        guard let (firstName, firstReport) = sharded.first, let split = firstReport.shard else { return }
        if let other = inputs.first(where: { $0.report.shard == nil }) {
            throw .results(
                path: other.name,
                reason: "is not a shard, but \(firstName) is shard \(split.index)/\(split.count): merge the "
                    + "shards of one check")
        }
        var names: [Int: String] = [:]
        for (name, report) in sharded {
            guard let shard = report.shard else { continue }
            guard shard.count == split.count, shard.selectedBlocks == split.selectedBlocks else {
                throw .results(
                    path: name,
                    reason: "is shard \(shard.index)/\(shard.count) of \(shard.selectedBlocks) blocks, but "
                        + "\(firstName) is shard \(split.index)/\(split.count) of \(split.selectedBlocks): "
                        + "shards of different splits")
            }
            if let other = names[shard.index] {
                throw .results(
                    path: name, reason: "is shard \(shard.index)/\(shard.count), and so is \(other)")
            }
            names[shard.index] = name
        }
        let missing = (1...split.count).filter { names[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "\($0)/\(split.count)" }.joined(separator: ", ")
            throw .results(
                path: firstName,
                reason: "is one of \(split.count) shards, but shard\(missing.count == 1 ? "" : "s") \(list) "
                    + "\(missing.count == 1 ? "is" : "are") missing")
        }
        guard blocks == split.selectedBlocks else {
            throw .results(
                path: firstName,
                reason: "the \(split.count) shards hold \(blocks) blocks, but the check split \(split.selectedBlocks)")
        }
    }

    /// A block's place in the notes: its position among all their blocks,
    /// which is the order an unsharded check reports them in.
    struct BlockKey: Hashable, Comparable {
        var ordinal: Int
        var path: String
        var line: Int

        init(_ block: BlockReport) {
            ordinal = block.ordinal
            path = block.path
            line = block.line
        }

        static func < (a: Self, b: Self) -> Bool {
            (a.ordinal, a.path, a.line) < (b.ordinal, b.path, b.line)
        }
    }
}
