import Foundation
import Testing

@testable import NotesKit

/// A CI matrix on one machine: the course checked in shards (`notes check
/// --shard i/n --format json`), the shards merged (`notes report merge`),
/// and the site built from them (`notes build --results`), against the
/// unsharded check and build. Every check replays the runs of the build
/// `BuildTests` made, from its cache, so the reports can be compared exactly.
@Suite("notes check --shard, report merge, build --results", .serialized, .hangGuard)
struct ShardCLITests {
    static func cache() throws -> String { try BuildTests.built.get().appendingPathComponent("cache").path }

    /// `notes check` of the course from the build's cache.
    static func check(_ arguments: [String]) throws -> CLI.Output {
        try CLI.run(["check", "--notes", CLI.notesFolder, "-q", "--cache-dir", try cache()] + arguments)
    }

    /// The JSON reports of the two shards of the course, in files.
    static let shards: Result<[String], any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notes-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try (1...2).map { index in
            let output = try check(["--shard", "\(index)/2", "--format", "json"])
            guard output.status == 0 else { throw BuildFailed(output: output) }
            let file = folder.appendingPathComponent("shard-\(index).json")
            try Data(output.stdout.utf8).write(to: file)
            return file.path
        }
    }

    @Test func theMergedShardsAreTheCheckOfEveryBlockInEveryFormat() throws {
        let files = try Self.shards.get()
        let counts = try files.map { file in
            let root = try #require(try CLI.json(String(contentsOfFile: file, encoding: .utf8)) as? [String: Any])
            return try #require(root["blocks"] as? [Any]).count
        }
        for format in ["json", "text", "junit", "github"] {
            let whole = try Self.check(["--format", format])
            #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
            let merged = try CLI.run(["report", "merge"] + files + ["--format", format])
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == whole.stdout, "\(format): the merged shards differ from the check")
            if format == "json" {
                let blocks = try #require((try CLI.json(whole.stdout) as? [String: Any])?["blocks"] as? [Any])
                #expect(counts.allSatisfy { $0 > 0 && $0 < blocks.count } && counts.reduce(0, +) == blocks.count)
            }
        }
        // Merged again, and the other way round: the same report.
        let once = try CLI.run(["report", "merge"] + files.reversed() + ["--format", "json"])
        try Support.withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("merged.json").path
            try Data(once.stdout.utf8).write(to: URL(fileURLWithPath: file))
            let twice = try CLI.run(["report", "merge", file, "--format", "json"])
            #expect(twice.status == 0 && twice.stdout == once.stdout)
        }
    }

    /// The site built from the shards' results is the site `notes build`
    /// wrote, byte for byte, and building it ran nothing: no `python3` or
    /// `swiftc` on `PATH`, an examples binary that does not exist, and a
    /// cache folder it never made.
    @Test func theSiteBuiltFromTheShardsIsTheBuiltSiteAndRanNothing() throws {
        let files = try Self.shards.get()
        try Support.withTemporaryFolder { folder in
            let bin = folder.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let site = folder.appendingPathComponent("site")
            let cache = folder.appendingPathComponent("cache")
            let output = try CLI.run(
                [
                    "build", "--notes", CLI.notesFolder, "--results", files[0], "--results", files[1],
                    "--out", site.path, "--cache-dir", cache.path, "--examples-binary", "/nonexistent/notes-examples",
                ],
                environment: ["PATH": bin.path])
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            #expect(output.stderr.isEmpty, "progress or warnings: \(output.stderr)")
            #expect(output.stdout.contains("wrote ") && output.stdout.contains(" passed, 0 failed"))
            #expect(!FileManager.default.fileExists(atPath: cache.path), "building from results used the cache")
            let built = try BuildTests.files(in: try BuildTests.site())
            let fromResults = try BuildTests.files(in: site)
            #expect(built.keys.sorted() == fromResults.keys.sorted())
            for (path, data) in built { #expect(fromResults[path] == data, "\(path) differs from notes build's") }
        }
    }

    @Test func listShowsEachShardsBlocksAPartitionOfTheCourse() throws {
        let all = try CLI.run(["list", "--notes", CLI.notesFolder, "--format", "json"])
        let everyBlock = try #require(try CLI.json(all.stdout) as? [[String: Any]]).map {
            "\($0["file"]!):\($0["line"]!)"
        }
        for count in [1, 3, 5] {
            var seen: [String] = []
            for index in 1...count {
                let part = try CLI.run([
                    "list", "--notes", CLI.notesFolder, "--format", "json", "--shard", "\(index)/\(count)",
                ])
                #expect(part.status == 0)
                seen += try #require(try CLI.json(part.stdout) as? [[String: Any]]).map {
                    "\($0["file"]!):\($0["line"]!)"
                }
            }
            #expect(seen.sorted() == everyBlock.sorted(), "\(count) shards")
        }
    }

    @Test(arguments: [
        (["check", "--shard", "0/2"], "shards count from 1"),
        (["check", "--shard", "3/2"], "i must be from 1 to 2"),
        (["check", "--shard", "two"], "expected i/n"),
        (["list", "--shard", "1/0"], "n must be at least 1"),
        (["check", "--shard", "1/2", "--update-fingerprints"], "cannot be combined"),
        (["report", "merge"], "give the JSON reports to merge"),
        (["report", "merge", "/nonexistent/a.json"], "/nonexistent/a.json: no such file"),
        (["build", "--results", "a.json", "notes/01-communication.md"], "--results builds from the results given"),
    ])
    func badShardsAndResultsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let output = try CLI.run(arguments)
        #expect(output.status == 2, "\(arguments): \(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
    }

    /// A report whose shard is no shard (count 0, index 0 or -1) is refused
    /// at its place in the JSON, exit 2: it crashed `notes` (exit 132).
    @Test(arguments: [(0, 0), (0, -1), (2, 3), (1, 0)])
    func aShardThatIsNoShardIsRefused(count: Int, index: Int) throws {
        let files = try Self.shards.get()
        try Support.withTemporaryFolder { folder in
            var root = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files[0])))
                    as? [String: Any])
            var results = try #require(root["results"] as? [String: Any])
            var shard = try #require(results["shard"] as? [String: Any])
            shard["count"] = count
            shard["index"] = index
            results["shard"] = shard
            root["results"] = results
            let edited = folder.appendingPathComponent("edited.json").path
            try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: edited))
            for arguments in [
                ["report", "merge", edited],
                [
                    "build", "--notes", CLI.notesFolder, "--results", edited, "--out",
                    folder.appendingPathComponent("s").path,
                ],
            ] {
                let output = try CLI.run(arguments)
                #expect(output.status == 2, "\(arguments): \(output.stderr)")
                #expect(
                    output.stderr.contains("\(edited): ") && output.stderr.contains("at results.shard"),
                    "\(output.stderr)")
                #expect(output.stderr.contains("is not a shard"), "\(output.stderr)")
            }
        }
    }

    /// Garbage, overlapping shards and a missing shard exit 2, naming the file.
    @Test func aMergeOrABuildOfResultsThatDoNotFitExits2() throws {
        let files = try Self.shards.get()
        try Support.withTemporaryFolder { folder in
            let garbage = folder.appendingPathComponent("garbage.json").path
            try Data("{\"results\": [".utf8).write(to: URL(fileURLWithPath: garbage))
            let cases: [([String], String)] = [
                (["report", "merge", files[0], garbage], "\(garbage):1:14: is not valid JSON"),
                (["report", "merge", files[0], files[1], files[0]], "\(files[0]): holds "),
                (["report", "merge", files[1]], "\(files[1]): is one of 2 shards, but shard 1/2 is missing"),
                (
                    [
                        "build", "--notes", CLI.notesFolder, "--results", files[0], "--out",
                        folder.appendingPathComponent("s").path,
                    ],
                    "\(files[0]): is one of 2 shards, but shard 2/2 is missing"
                ),
            ]
            for (arguments, message) in cases {
                let output = try CLI.run(arguments)
                #expect(output.status == 2, "\(arguments): \(output.stdout)\(output.stderr)")
                #expect(output.stderr.contains("notes: error: \(message)"), "\(arguments): \(output.stderr)")
                #expect(output.stdout.isEmpty)
                if arguments.count == 5 { #expect(output.stderr.contains("which \(files[0]) holds too")) }
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
        }
    }
}
