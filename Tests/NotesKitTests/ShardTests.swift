import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// Notes with many blocks, for the shape of the partition: two notes,
/// each block under a heading of its own with one example.
enum ShardFixture {
    static let headings = (1...7).map { "a\($0)" } + (1...5).map { "b\($0)" }

    static func note(_ headings: [String]) -> String {
        headings.map { "## \($0)\n\n```python\nprint('\($0)')\n```\n" }.joined(separator: "\n")
    }

    /// - Parameter crossing: Whether the review of `a2` judges a claim
    ///   against `b4`'s example, which ties the two blocks together.
    static func binding(crossing: Bool = false) throws -> Binding {
        let documents = [
            NotesFolder.parse(note(headings.filter { $0.hasPrefix("a") }), path: "notes/a.md", layout: SiteMap.init),
            NotesFolder.parse(note(headings.filter { $0.hasPrefix("b") }), path: "notes/b.md", layout: SiteMap.init),
        ]
        let examples = headings.map { heading in
            Example(
                heading, ports: BlockLocator(note: "\(heading.prefix(1)).md", heading: heading), fingerprint: "-",
                source: "E.swift", main: { _ in })
        }
        let reviews =
            crossing
            ? [
                Review(
                    of: BlockLocator(note: "a.md", heading: "a2"),
                    claims: [Claim("a2", against: .swift("b4"), evidence: .output(.containsLine(matching: "b4")))])
            ] : []
        var binding = try Binder.bind(documents, to: ExampleRegistry(examples: examples, reviews: reviews))
        // As if its text were the reviewed text: its Python runs.
        for index in binding.blocks.indices where binding.blocks[index].review != nil {
            binding.blocks[index].clearance = .cleared
        }
        return binding
    }

    /// The shard of each block, by its heading.
    static func shards(_ blocks: [BoundBlock], count: Int) -> [String: Int] {
        let assignment = Shard.assignment(blocks, count: count)
        return Dictionary(uniqueKeysWithValues: blocks.indices.map { (blocks[$0].section!.text, assignment[$0]) })
    }
}

@Suite("Sharding a check", .hangGuard)
struct ShardTests {
    @Test func parsingAcceptsOnlyIOfNFromOne() throws {
        #expect(try Shard(parsing: "1/1") == Shard(index: 1, count: 1))
        #expect(try Shard(parsing: "3/4").description == "3/4")
        for text in ["0/2", "3/2", "1/0", "-1/2", "1", "1/2/3", "a/b", "", "/2", " 1/2"] {
            #expect(throws: ConfigurationError.self, "\(text)") { try Shard(parsing: text) }
        }
        let error = try #require(throws: ConfigurationError.self) { try Shard(parsing: "0/4") }
        #expect(error.description == "--shard 0/4: shards count from 1: the first is 1/4")
    }

    /// Every block in exactly one shard, and the shards as even as they can be.
    @Test(arguments: 1...5)
    func shardsPartitionTheBlocksEvenly(count: Int) throws {
        let blocks = try ShardFixture.binding().blocks
        #expect(blocks.count == 12)
        var seen: [String] = []
        var sizes: [Int] = []
        for index in 1...count {
            let part = try Shard(index: index, count: count).blocks(of: blocks)
            seen += part.map(\.key)
            sizes.append(part.count)
            // In the notes' order, as an unsharded check lists them.
            #expect(part.map(\.ordinal) == part.map(\.ordinal).sorted())
        }
        #expect(seen.sorted() == blocks.map(\.key).sorted())
        #expect(Set(seen).count == seen.count, "a block is in two shards")
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
        #expect(sizes.reduce(0, +) == 12)
    }

    /// The shard of a block depends on the blocks, not on the order they come in.
    @Test(arguments: 2...5)
    func theAssignmentDoesNotDependOnOrder(count: Int) throws {
        let blocks = try ShardFixture.binding().blocks
        let expected = ShardFixture.shards(blocks, count: count)
        #expect(ShardFixture.shards(blocks.reversed(), count: count) == expected)
        var generator = SeededGenerator(state: UInt64(count))
        #expect(ShardFixture.shards(blocks.shuffled(using: &generator), count: count) == expected)
        // Dealt in turn, by path and line: a1 to shard 1, a2 to 2, …, b5 to the 12th's.
        #expect(expected["a1"] == 1 && expected["a2"] == 2)
        #expect(expected["b5"] == (12 - 1) % count + 1)
    }

    /// A block's examples, its Python and its probes run in one shard, and
    /// so does a block whose example another block's review judges against.
    @Test(arguments: 2...5)
    func aBlockRunsWholeInOneShardWithTheBlocksItsReviewNeeds(count: Int) throws {
        let blocks = try ShardFixture.binding(crossing: true).blocks
        let shards = ShardFixture.shards(blocks, count: count)
        #expect(shards["a2"] == shards["b4"])
        let runner = Runner(launcher: ScriptLauncher(scripts: [:]))
        let jobs = try (1...count).map { index in
            Set(runner.jobs(for: try Shard(index: index, count: count).blocks(of: blocks)).map(\.key))
        }
        for block in blocks {
            let own = runner.jobs(for: [block]).map(\.key)
            #expect(own.count >= (block.review == nil ? 1 : 2))
            #expect(jobs.count { !$0.isDisjoint(with: own) } == 1, "\(block.key)'s runs are split")
            #expect(jobs.contains { $0.isSuperset(of: own) })
        }
        // The units are still dealt evenly: 11 of them.
        let sizes = (1...count).map { index in shards.values.count { $0 == index } }
        #expect(sizes.max()! - sizes.min()! <= 2)
    }

    /// `--shard` applies to the blocks the rest of the selection names.
    @Test func aShardIsTakenFromTheSelectedBlocks() throws {
        let binding = try ShardFixture.binding()
        var selection = Selection(
            places: [.init(path: URL(fileURLWithPath: "notes/b.md").standardizedFileURL.path, line: nil)],
            examples: [])
        selection.shard = try Shard(index: 2, count: 2)
        #expect(!selection.isAll)
        let chosen = binding.blocks.filter(selection.includes)
        #expect(chosen.map { $0.section!.text } == ["b1", "b2", "b3", "b4", "b5"])
        #expect(try Shard(index: 2, count: 2).blocks(of: chosen).map { $0.section!.text } == ["b2", "b4"])
        var report = CheckReport(blocks: [], diagnostics: [])
        report.recordOrigin(binding, selection)
        #expect(report.shard == ReportShard(index: 2, count: 2, selectedBlocks: 5))
        #expect(report.bindingDigest == binding.digest)
    }
}

/// A small deterministic generator for shuffles.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
