import ExampleKit

/// One of `count` parts of the selected blocks (`notes check --shard 2/4`),
/// so that a course too big for one CI machine is checked by a matrix of
/// jobs whose JSON reports `notes report merge` joins again.
///
/// Shards count from 1, as `--shard i/n` is written and as a CI matrix of
/// `[1, 2, …, n]` reads: `1/4` … `4/4`.
///
/// **How blocks are assigned: round-robin over the sorted blocks.** The
/// selected blocks are sorted by note path, then line, and dealt out in
/// turn: the first to shard 1, the second to shard 2, …, the n+1-th to
/// shard 1 again. A block is dealt whole: its examples, its Python as
/// written and its probes run in the same shard, since its verdicts need
/// them all; blocks whose reviews judge a claim or an erratum against an
/// example of another block are dealt together, as one unit (placed at the
/// first of them).
///
/// Why not a hash of each block's path and heading: a stable hash is
/// balanced only on average: twelve blocks hashed into five shards leave
/// some shard empty about one time in three. Dealt in turn, every shard
/// gets ⌊k/n⌋ or ⌈k/n⌉ of the k units, always. The assignment
/// depends only on the notes, the registry and the selection, never on the
/// order runs finish in or on the machine, so every job of a matrix, built
/// from the same commit, computes the same partition. (Adding a block moves
/// later blocks to other shards; shards are not meant to outlive a commit.)
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based: 1…``count``.
    public let index: Int
    /// How many shards the blocks are split into.
    public let count: Int

    /// - Throws: ``ConfigurationError`` unless 1 ≤ `index` ≤ `count`.
    public init(index: Int, count: Int) throws(ConfigurationError) {
        guard count >= 1 else {
            throw .shard("\(index)/\(count)", reason: "n must be at least 1")
        }
        guard (1...count).contains(index) else {
            throw .shard(
                "\(index)/\(count)",
                reason: index == 0 ? "shards count from 1: the first is 1/\(count)" : "i must be from 1 to \(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`, as in `--shard 2/4`.
    /// - Throws: ``ConfigurationError`` for anything else.
    public init(parsing text: String) throws(ConfigurationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .shard(text, reason: "expected i/n, the i-th of n shards, such as 1/4")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The blocks of `selected` this shard holds, in their order in `selected`.
    func blocks(of selected: [BoundBlock]) -> [BoundBlock] {
        let shardOf = Self.assignment(selected, count: count)
        return selected.indices.filter { shardOf[$0] == index }.map { selected[$0] }
    }

    /// The 1-based shard of each block of `blocks`, by its index there.
    static func assignment(_ blocks: [BoundBlock], count: Int) -> [Int] {
        let order = blocks.indices.sorted { a, b in
            (blocks[a].path, blocks[a].block.line, a) < (blocks[b].path, blocks[b].block.line, b)
        }
        let units = Units(blocks)
        var shardOfUnit: [Int: Int] = [:]
        var shardOf = Array(repeating: 0, count: blocks.count)
        for position in order {
            let unit = units.root(of: position)
            if shardOfUnit[unit] == nil { shardOfUnit[unit] = shardOfUnit.count % count + 1 }
            shardOf[position] = shardOfUnit[unit]!
        }
        return shardOf
    }

    /// Blocks that must run in the same shard: a union-find over the blocks,
    /// joining a block to every other block whose example its review judges
    /// a claim or an erratum against.
    private struct Units {
        private var parent: [Int]

        init(_ blocks: [BoundBlock]) {
            parent = Array(blocks.indices)
            var owner: [String: Int] = [:]
            for (index, block) in blocks.enumerated() {
                for example in block.examples { owner[example.id] = index }
            }
            for (index, block) in blocks.enumerated() {
                for id in block.review.map(Self.examplesJudged) ?? [] {
                    if let other = owner[id], other != index { join(index, other) }
                }
            }
        }

        /// The ids of the examples a review judges anything against.
        private static func examplesJudged(by review: Review) -> [String] {
            var sources = review.claims.map(\.against)
            for erratum in review.errata {
                if case .run(let source, _) = erratum.check { sources.append(source) }
            }
            return sources.compactMap { source in
                if case .swift(let id) = source { id } else { nil }
            }
        }

        func root(of index: Int) -> Int {
            var index = index
            while parent[index] != index { index = parent[index] }
            return index
        }

        private mutating func join(_ a: Int, _ b: Int) {
            let (rootA, rootB) = (root(of: a), root(of: b))
            if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
        }
    }
}
