import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// Checks of fixture notes in a folder of their own, with a run cache: the
/// first check runs, every later one replays its runs, output and timings
/// included, so that reports of different checks can be compared exactly.
struct CachedChecks {
    let notes: String
    let registry: ExampleRegistry
    var runner: Runner

    /// - Parameter name: The note's file name, the one the registry's locators name.
    init(
        in folder: URL, notes text: String, name: String = "n.md", registry: ExampleRegistry, launcher: ScriptLauncher,
        python: Bool
    )
        throws
    {
        let notes = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: notes.appendingPathComponent(name))
        // The fixture's waived block is `text`: these notes want a port for it too.
        try Data("port = [\"python\", \"text\"]\n".utf8).write(to: notes.appendingPathComponent("notes.toml"))
        let cache = RunCache(directory: folder.appendingPathComponent("cache").path)
        self.notes = notes.path
        self.registry = registry
        var runner = Runner(
            launcher: launcher, jobs: 2, limits: RunLimits(grace: .milliseconds(100)), cache: cache,
            originals: OriginalLauncher(helper: ReviewFixtureTests.notesBinary, enabled: python, facts: cache))
        // The fixture fails on purpose; its failures are replayed too, so
        // that the reports of different checks can be compared exactly.
        runner.forgetsFailures = false
        self.runner = runner
        _ = try check()  // fills the cache
    }

    func check(_ shard: Shard? = nil, examples: Set<String> = []) throws -> CheckReport {
        try Pipeline.check(
            notes: notes, registry: registry, runner: runner,
            selection: Selection(places: [], examples: examples, shard: shard))
    }

    /// The report of every shard of `count`, each through its JSON, as
    /// `notes report merge` reads them.
    func shards(_ count: Int) throws -> [(name: String, report: CheckReport)] {
        try (1...count).map { index in
            let report = try check(Shard(index: index, count: count))
            let name = "shard-\(index)-of-\(count).json"
            return (name, try ReportResults.decode(Data(ReportFormat.json.render(report).utf8), path: name))
        }
    }

    /// The report fixture: every Swift verdict, no Python.
    static func reportFixture(in folder: URL) throws -> CachedChecks {
        try CachedChecks(
            in: folder, notes: ReportFixture.notes, name: "fixture.md", registry: ReportFixture.registry,
            launcher: ReportFixture.launcher, python: false)
    }
}

@Suite("Merging the reports of shards", .hangGuard)
struct ReportMergeTests {
    /// Every run a report holds: the examples', the Python's and the probes'.
    static func runs(_ report: CheckReport) -> [RunResult] {
        report.blocks.flatMap { block in
            block.examples.compactMap(\.run) + [block.original?.run].compactMap { $0 }
                + (block.original?.probes.compactMap(\.run) ?? [])
        }
    }

    func expectMergedShardsAreTheWhole(_ checks: CachedChecks) throws {
        let whole = try checks.check()
        #expect(!Self.runs(whole).isEmpty && Self.runs(whole).allSatisfy(\.cached), "a run was not replayed")
        for count in 1...4 {
            let shards = try checks.shards(count)
            for (index, shard) in shards.enumerated() {
                #expect(
                    shard.report.shard
                        == ReportShard(index: index + 1, count: count, selectedBlocks: whole.blocks.count))
                #expect(Set(shard.report.blocks.map(\.ordinal)).isSubset(of: whole.blocks.map(\.ordinal)))
            }
            #expect(shards.map(\.report.blocks.count).reduce(0, +) == whole.blocks.count)
            // In any order of the files.
            let merged = try ReportMerge.merge(shards.reversed())
            #expect(merged == whole, "\(count) shards")
            for format in ReportFormat.allCases {
                #expect(format.render(merged) == format.render(whole), "\(format), \(count) shards")
            }
        }
    }

    @Test func theMergedShardsAreTheUnshardedReport() throws {
        try Support.withTemporaryFolder { folder in
            try expectMergedShardsAreTheWhole(try CachedChecks.reportFixture(in: folder))
        }
    }

    /// With the notes' Python, its probes, claims and errata, which a
    /// block's shard must hold together with its examples.
    @Test func theMergedShardsAreTheUnshardedReportWithThePython() throws {
        _ = try #require(try? ChildProcess.resolve("python3"), "python3 is not installed")
        try Support.withTemporaryFolder { folder in
            var notes = ReviewFixtureTests.notes
            notes +=
                "\n## 多\n\n```python\nprint(2)\n```\n\n## 少\n\n```python\nprint(3)\n```\n\n## 空\n\n```text\nx\n```\n"
            let (registry, launcher) = ReviewFixtureTests.registry(notes)
            let checks = try CachedChecks(
                in: folder, notes: notes,
                registry: try ReviewFixtureTests.keepingReviewedTexts(registry, of: notes, in: folder),
                launcher: launcher, python: true)
            let whole = try checks.check()
            #expect(whole.blocks.count == 7)
            #expect(whole.blocks.compactMap(\.original?.run).count == 4)
            #expect(whole.blocks.flatMap(\.errata).map(\.holds) == [true, true, true, true])
            // Each shard's block has its Python, probes, claims and errata beside its example.
            for shard in try checks.shards(3) {
                for block in shard.report.blocks {
                    let same = try #require(whole.blocks.first { $0.ordinal == block.ordinal })
                    #expect(block == same)
                }
            }
            try expectMergedShardsAreTheWhole(checks)
        }
    }

    /// The JSON's results read back into the very report, for every field.
    @Test func theJSONReportReadsBackLosslessly() throws {
        var report = try ReportFixture.report()
        report.toolchain = "Swift version 6.3.1"
        report.bindingDigest = "abc"
        report.shard = ReportShard(index: 2, count: 3, selectedBlocks: 20)
        report.blocks[0].examples[0].run?.cached = true
        report.blocks[0].examples[0].run?.seconds = 0.1 + 0.2
        report.blocks[0].examples[0].run?.transcript = "connected\nsent \"<x>\"\n"
        report.blocks[1].examples[0].run?.stdoutDropped = 1234
        let json = ReportFormat.json.render(report)
        let read = try ReportResults.decode(Data(json.utf8), path: "r.json")
        #expect(read == report)
        #expect(ReportFormat.json.render(read) == json)
        // The human part keeps its shape, and says which runs were cached.
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["summary", "blocks", "diagnostics", "results"])
        let blocks = try #require(root["blocks"] as? [[String: Any]])
        let examples = try #require(blocks[0]["examples"] as? [[String: Any]])
        #expect(examples[0]["cached"] as? Bool == true)
    }

    /// The cache's entries stay as they were: `cached` is not stored.
    @Test func theCacheStoresNoCachedFlag() throws {
        try Support.withTemporaryFolder { folder in
            let cache = RunCache(directory: folder.path)
            var result = RunResult.passing("x\n")
            result.cached = true
            cache.store(result, "k", limits: RunLimits())
            let entry = try String(contentsOf: folder.appendingPathComponent("k.json"), encoding: .utf8)
            #expect(!entry.contains("cached"))
            #expect(cache.load("k", limits: RunLimits())?.cached == true)
        }
    }

    // MARK: - What a merge refuses

    /// The report fixture cut in two shards: blocks 1–3 and 4–7.
    static func halves() throws -> (whole: CheckReport, first: CheckReport, second: CheckReport) {
        var whole = try ReportFixture.report()
        whole.bindingDigest = "digest"
        var first = whole
        first.blocks = Array(whole.blocks.prefix(3))
        first.shard = ReportShard(index: 1, count: 2, selectedBlocks: 7)
        var second = whole
        second.blocks = Array(whole.blocks.dropFirst(3))
        second.shard = ReportShard(index: 2, count: 2, selectedBlocks: 7)
        return (whole, first, second)
    }

    /// The message of the error merging `inputs` throws, which must name `file`.
    func refusal(_ inputs: [(name: String, report: CheckReport)], names file: String) throws -> String {
        let error = try #require(throws: ConfigurationError.self) { try ReportMerge.merge(inputs) }
        guard case .results(let path, let reason) = error else {
            Issue.record("unexpected error \(error)")
            return ""
        }
        #expect(path == file)
        #expect(error.description.hasPrefix("\(file): "))
        return reason
    }

    @Test func twoHalvesMergeInEitherOrder() throws {
        let (whole, first, second) = try Self.halves()
        #expect(try ReportMerge.merge([("a", first), ("b", second)]) == whole)
        #expect(try ReportMerge.merge([("b", second), ("a", first)]) == whole)
    }

    @Test func aMergeRefusesOverlappingShards() throws {
        let (whole, first, second) = try Self.halves()
        #expect(
            try refusal([("a", first), ("b", second), ("c", first)], names: "c")
                == "holds notes/fixture.md:7, which a holds too: overlapping shards or selections")
        // Two checks of the same blocks, unsharded.
        #expect(try refusal([("a", whole), ("b", whole)], names: "b").contains("which a holds too"))
        var empty = first
        empty.blocks = []
        #expect(try refusal([("a", first), ("b", empty), ("c", second)], names: "b") == "is shard 1/2, and so is a")
    }

    @Test func aMergeRefusesAnIncompleteOrMixedSetOfShards() throws {
        let (whole, first, second) = try Self.halves()
        #expect(try refusal([("a", first)], names: "a") == "is one of 2 shards, but shard 2/2 is missing")
        var unsharded = second
        unsharded.shard = nil
        #expect(try refusal([("a", first), ("b", unsharded)], names: "b").hasPrefix("is not a shard"))
        var otherSplit = second
        otherSplit.shard = ReportShard(index: 2, count: 3, selectedBlocks: 7)
        #expect(try refusal([("a", first), ("b", otherSplit)], names: "b").hasSuffix("shards of different splits"))
        var short = second
        short.blocks.removeLast()
        #expect(
            try refusal([("a", first), ("b", short)], names: "a")
                == "the 2 shards hold 6 blocks, but the check split 7")
        _ = whole
    }

    @Test func aMergeRefusesReportsOfOtherNotesRegistriesOrToolchains() throws {
        let (_, first, second) = try Self.halves()
        var other = second
        other.bindingDigest = "another"
        #expect(try refusal([("a", first), ("b", other)], names: "b").contains("other notes or another registry"))
        other = second
        other.toolchain = "Swift version 9"
        #expect(
            try refusal([("a", first), ("b", other)], names: "b")
                == "was checked with Swift version 9, a with no recorded toolchain")
        other = second
        other.diagnostics = [.error("not UTF-8", at: SourceLocation(path: "notes/x.md", line: 2))]
        #expect(try refusal([("a", first), ("b", other)], names: "b").contains("the shards saw different notes"))
        #expect(try refusal([], names: "notes report merge") == "give at least one JSON report")
    }

    @Test(arguments: [
        ("garbage", "bad.json:1:1: is not valid JSON: "),
        ("{\n  \"results\": {\n    \"format\": 1,,\n", "bad.json:3:17: is not valid JSON: "),
        ("{\"summary\": {}, \"blocks\": []", "bad.json:1:29: is not valid JSON: Unexpected end of file"),
        ("", "bad.json:1:1: is not valid JSON: "),
        ("[1, 2]", "bad.json: has a value of the wrong type: expected"),
        ("{\"summary\": {}, \"blocks\": []}", "bad.json: has no \"results\" section"),
        ("{\"results\": {\"format\": 99}}", "bad.json: holds results of format 99, but this notes reads format 1"),
        ("{\"results\": {\"format\": \"1\"}}", "bad.json: has a value of the wrong type at results.format"),
        ("{\"results\": {\"format\": 1, \"blocks\": []}}", "bad.json: lacks \""),
    ])
    func aFileThatIsNotAReportIsNamed(text: String, message: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ReportResults.decode(Data(text.utf8), path: "bad.json")
        }
        #expect(error.description.hasPrefix(message), "\(error)")
    }

    /// A value deep in the results is named by where it is.
    @Test func aBadValueIsNamedByItsPlaceInTheJSON() throws {
        let json = ReportFormat.json.render(try ReportFixture.report())
        var root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var results = try #require(root["results"] as? [String: Any])
        var blocks = try #require(results["blocks"] as? [[String: Any]])
        blocks[1]["line"] = "seven"
        results["blocks"] = blocks
        root["results"] = results
        let data = try JSONSerialization.data(withJSONObject: root)
        let error = try #require(throws: ConfigurationError.self) {
            try ReportResults.decode(data, path: "r.json")
        }
        #expect(error.description == "r.json: has a value of the wrong type at results.blocks[1].line: expected Int")
    }

    @Test func aMissingFileIsNamed() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ReportMerge.merge(files: ["/nonexistent/a.json"])
        }
        #expect(error.description == "/nonexistent/a.json: no such file")
    }
}

@Suite("Building the site from results", .hangGuard)
struct BuildFromResultsTests {
    static let options = SiteOptions(title: "结果", toolchain: "Swift version 6.3.1")

    static func files(in folder: String) throws -> [String: Data] {
        let walker = try #require(FileManager.default.enumerator(atPath: folder))
        var files: [String: Data] = [:]
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(folder)/\(path)", isDirectory: &isFolder), !isFolder.boolValue
            {
                files[path] = FileManager.default.contents(atPath: "\(folder)/\(path)")
            }
        }
        return files
    }

    /// The site of the merged shards' results is the site a build that
    /// ran (here: replayed) the same runs writes, byte for byte.
    @Test func theSiteOfTheMergedShardsIsTheSiteOfABuild() throws {
        try Support.withTemporaryFolder { folder in
            let checks = try CachedChecks.reportFixture(in: folder)
            let built = folder.appendingPathComponent("built").path
            let (report, count) = try Pipeline.build(
                notes: checks.notes, registry: checks.registry, runner: checks.runner,
                output: SiteWriter(folder: built), options: Self.options)
            let merged = try ReportMerge.merge(try checks.shards(2))
            let fromResults = folder.appendingPathComponent("from-results").path
            let (resultsReport, resultsCount) = try Pipeline.build(
                notes: checks.notes, registry: checks.registry, results: merged,
                output: SiteWriter(folder: fromResults), options: Self.options)
            #expect(resultsCount == count)
            #expect(resultsReport.blocks == report.blocks)
            #expect(resultsReport.exitCode == report.exitCode)
            let a = try Self.files(in: built)
            let b = try Self.files(in: fromResults)
            #expect(a.count > 5 && a.keys.sorted() == b.keys.sorted())
            for (path, data) in a { #expect(b[path] == data, "\(path) differs") }
            // The pages show the runs: the failing example's stderr, escaped.
            let page = try #require(a.keys.first { $0.hasSuffix("fixture.html") }.flatMap { a[$0] })
            #expect(String(decoding: page, as: UTF8.self).contains("&lt;script&gt;"))
            // And the timeline of the run that recorded a trace, drawn from the results alone.
            #expect(String(decoding: page, as: UTF8.self).contains("<figure class=\"timeline\">"))
        }
    }

    /// The message of the error building from `results` throws.
    func refusal(_ checks: CachedChecks, _ results: CheckReport, folder: URL) throws -> String {
        let site = folder.appendingPathComponent("site").path
        let error = try #require(throws: ConfigurationError.self) {
            try Pipeline.build(
                notes: checks.notes, registry: checks.registry, results: results, output: SiteWriter(folder: site),
                options: Self.options)
        }
        #expect(!FileManager.default.fileExists(atPath: site), "a site was written")
        guard case .results(let path, let reason) = error else {
            Issue.record("unexpected error \(error)")
            return ""
        }
        #expect(path == "--results")
        return reason
    }

    @Test func resultsThatDoNotFitTheNotesAreRefused() throws {
        try Support.withTemporaryFolder { folder in
            let checks = try CachedChecks.reportFixture(in: folder)
            let whole = try checks.check()
            let notes = checks.notes + "/fixture.md"
            // One shard alone: the other's blocks have no result.
            let half = try checks.check(Shard(index: 1, count: 2))
            let missing = try refusal(checks, half, folder: folder)
            #expect(missing.hasPrefix("no result for 3 blocks of the notes: \(notes):13, \(notes):25, \(notes):37;"))
            // Results of --example: the block's other examples are missing.
            var fewer = whole
            fewer.blocks[0].examples = []
            #expect(
                try refusal(checks, fewer, folder: folder)
                    == "\(notes):7 was checked with the examples [], but the registry binds [passes] to it "
                    + "(a check limited by --example?)")
            // A result of no block.
            var extra = whole
            extra.blocks.append(whole.blocks[0])
            extra.blocks[7].ordinal = 8
            #expect(
                try refusal(checks, extra, folder: folder)
                    == "the results hold \(notes):7, which the notes no longer have: check again")
            // Another registry.
            var other = whole
            other.bindingDigest = "another"
            #expect(try refusal(checks, other, folder: folder).hasPrefix("the results were checked against another"))
            // The note edited since the check.
            let text = try String(contentsOfFile: notes, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "print(1)", with: "print(2)").utf8).write(
                to: URL(fileURLWithPath: notes))
            #expect(try refusal(checks, whole, folder: folder).hasPrefix("\(notes):13 changed since it was checked"))
        }
    }
}
