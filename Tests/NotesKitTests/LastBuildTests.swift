import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// A build whose inputs are unchanged reads the last build's result back
/// and does nothing else; any change to what a build reads makes it a
/// whole build again.
@Suite("Remembering the last build", .hangGuard)
struct LastBuildTests {
    static let options = SiteOptions(title: "结果", toolchain: "Swift version 6.3.1")

    /// The fixture's notes with their runs cached, and a site built from them twice.
    struct Course {
        let checks: CachedChecks
        let folder: URL
        var site: String { folder.appendingPathComponent("site").path }
        var writer: SiteWriter { SiteWriter(folder: site) }

        func build(
            options: SiteOptions = LastBuildTests.options, selection: Selection = .all
        ) throws -> BuildResult {
            try Pipeline.buildUnlessUnchanged(
                notes: checks.notes, registry: checks.registry, runner: checks.runner, output: writer,
                options: options, selection: selection)
        }

        /// The remembered result's file.
        var lastPath: String {
            let manifest = writer.keepingManifest(in: checks.runner.cache!.directory).manifestPath!
            return String(manifest.dropLast(5)) + ".last.json"
        }

        /// Marks the remembered result, so that a build that reads it back shows it.
        func markRemembered() throws {
            let text = try String(contentsOfFile: lastPath, encoding: .utf8)
            #expect(text.contains("\"closingLine\""))
            let marked = text.replacingOccurrences(
                of: #"("closingLine":")"#, with: "$1REMEMBERED ", options: .regularExpression)
            try Data(marked.utf8).write(to: URL(fileURLWithPath: lastPath))
        }

        func isRemembered(_ result: BuildResult) -> Bool { result.closingLine.hasPrefix("REMEMBERED ") }
    }

    /// A course built twice (the second build finds every run cached and is remembered), then marked.
    func withCourse(_ body: (Course) throws -> Void) throws {
        try Support.withTemporaryFolder { folder in
            let course = Course(checks: try CachedChecks.reportFixture(in: folder), folder: folder)
            let first = try course.build()
            let second = try course.build()
            #expect(second.problems == first.problems && second.exitCode == first.exitCode)
            try course.markRemembered()
            try body(course)
        }
    }

    /// A build with blocks that fail is never remembered: their runs are
    /// not cached, and each build runs them again.
    @Test func aBuildWithFailuresRunsThemAgain() throws {
        try Support.withTemporaryFolder { folder in
            var checks = try CachedChecks.reportFixture(in: folder)
            checks.runner.forgetsFailures = true
            let course = Course(checks: checks, folder: folder)
            _ = try course.build()
            _ = try course.build()
            try course.markRemembered()
            let third = try course.build()
            #expect(!course.isRemembered(third) && third.exitCode == 1)
            let again = try Pipeline.check(notes: checks.notes, registry: checks.registry, runner: checks.runner)
            let runs = again.blocks.flatMap(\.examples).compactMap { run in run.run.map { (run.id, $0.cached) } }
            #expect(
                Dictionary(uniqueKeysWithValues: runs)
                    == ["passes": true, "fails": false, "hangs": false, "crashes": false, "stale": true])
        }
    }

    @Test func anUnchangedBuildReadsTheLastResultBack() throws {
        try withCourse { course in
            let again = try course.build()
            #expect(course.isRemembered(again))
            #expect(again.written.rendered == 0 && again.written.files > 5)
            #expect(!again.problems.isEmpty && again.exitCode == 1)
        }
    }

    @Test func anEditedNoteIsBuilt() throws {
        try withCourse { course in
            let note = URL(fileURLWithPath: course.checks.notes).appendingPathComponent("fixture.md")
            let text = try String(contentsOf: note, encoding: .utf8)
            try Data((text + "\n```python\nprint('new')\n```\n").utf8).write(to: note)
            let built = try course.build()
            #expect(!course.isRemembered(built))
            #expect(built.problems.contains { $0.contains("unmapped") })
        }
    }

    @Test func aNewFileInTheNotesIsBuilt() throws {
        try withCourse { course in
            try Data("# 新的一章\n".utf8).write(
                to: URL(fileURLWithPath: course.checks.notes).appendingPathComponent("z.md"))
            let built = try course.build()
            #expect(!course.isRemembered(built))
            #expect(built.written.rendered > 0)
        }
    }

    @Test func otherOptionsAreBuilt() throws {
        try withCourse { course in
            var options = Self.options
            options.title = "另一个标题"
            let built = try course.build(options: options)
            #expect(!course.isRemembered(built))
        }
    }

    @Test func aResultStoredInTheRunCacheIsBuilt() throws {
        try withCourse { course in
            let cache = try #require(course.checks.runner.cache)
            cache.store(.passing("x"), "unrelated", limits: RunLimits())
            let built = try course.build()
            #expect(!course.isRemembered(built))
        }
    }

    @Test func aPageChangedByHandIsBuilt() throws {
        try withCourse { course in
            let page = URL(fileURLWithPath: course.site).appendingPathComponent("index.html")
            try Data("changed".utf8).write(to: page)
            let built = try course.build()
            #expect(!course.isRemembered(built))
            let text = try String(contentsOf: page, encoding: .utf8)
            #expect(text != "changed")
        }
    }

    @Test func aBuildOfSomeBlocksRunsAndForgets() throws {
        try withCourse { course in
            let some = try Selection([course.checks.notes + "/fixture.md"])
            let built = try course.build(selection: some)
            #expect(!course.isRemembered(built))
            #expect(!FileManager.default.fileExists(atPath: course.lastPath))
        }
    }

    /// The remembered problems read back as they were, whatever they hold;
    /// bytes cut short or added, or another stamp, read back as nothing.
    @Test func theProblemsReadBackOnlyWhole() throws {
        let problems = ["a.md:1: error: x", "", "12:34", "多行\n的消息：\u{0}", String(repeating: "长", count: 5000), "9"]
        let result = BuildResult(
            problems: problems, closingLine: "0 passed, 6 failed", exitCode: 1,
            written: SiteBuilder.WriteSummary(files: 3, rendered: 2))
        let data = try #require(LastBuild.encode(result, stamp: "s"))
        #expect(LastBuild.decode(data, stamp: "s") == result)
        #expect(LastBuild.decode(data, stamp: "t") == nil)
        for cut in [1, 2, 7, 5000, data.count - 1] { #expect(LastBuild.decode(data.dropLast(cut), stamp: "s") == nil) }
        #expect(LastBuild.decode(data + Data("1".utf8), stamp: "s") == nil)
        #expect(LastBuild.decode(data + Data("0:".utf8), stamp: "s") == nil)
    }

    @Test func aGarbledMemoryIsABuild() throws {
        try withCourse { course in
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: course.lastPath))
            let built = try course.build()
            #expect(!course.isRemembered(built) && built.exitCode == 1)
        }
    }
}
