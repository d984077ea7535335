import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// The site written page by page: in parallel with the same bytes, with a
/// page size that does not grow with the course, and again only where its
/// inputs changed.
@Suite("Writing the site incrementally and in parallel", .hangGuard)
struct IncrementalSiteTests {
    /// `count` small notes, each with a heading, prose and two code blocks.
    static func writeNotes(_ count: Int, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 1...count {
            let name = String(format: "ch%03d.md", index)
            let text = """
                # 第 \(index) 章：线程与锁

                每一章都讲一点 `threading`，这一章是第 \(index) 章。

                ## 例子

                ```python
                print("chapter \(index)")
                ```

                再一段说明 <b>不是</b> HTML。

                ```python
                import threading
                lock = threading.Lock()
                ```
                """
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
    }

    /// Builds `notes` into `site` as `notes build` does, nothing run.
    @discardableResult
    static func build(
        _ notes: URL, into site: URL, jobs: Int = 2, tool: String = "tool"
    ) throws -> SiteBuilder.WriteSummary {
        let binding = try Pipeline.bind(notes: notes.path, registry: ExampleRegistry(examples: []))
        let report = Checker.check(binding, outcomes: [:], originals: OriginalLauncher(enabled: false))
        return try SiteBuilder.write(
            binding: binding, report: report, options: SiteOptions(title: "课程", toolchain: "Swift 6"),
            to: SiteWriter(folder: site.path).keepingManifest(in: site.path + ".cache"), jobs: jobs, tool: tool)
    }

    /// `count` notes in a temporary folder, built once into `site`; the
    /// body gets the folder, the notes, the site and that first build.
    static func withBuiltCourse(
        _ count: Int, _ body: (URL, URL, URL, SiteBuilder.WriteSummary) throws -> Void
    ) throws {
        try Support.withTemporaryFolder { folder throws in
            let notes = folder.appendingPathComponent("notes")
            let site = folder.appendingPathComponent("site")
            try writeNotes(count, in: notes)
            try body(folder, notes, site, try build(notes, into: site))
        }
    }

    /// Every file of a site and its bytes.
    static func contents(of site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: site.path)
        while let path = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let url = site.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            files[path] = try Data(contentsOf: url)
        }
        return files
    }

    static func stamp(_ url: URL) -> FileStamp? { FileStamp(path: url.path) }

    @Test func oneJobAndTwoJobsWriteTheSameBytes() throws {
        try Support.withTemporaryFolder { folder throws in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(12, in: notes)
            try Self.build(notes, into: folder.appendingPathComponent("one"), jobs: 1)
            try Self.build(notes, into: folder.appendingPathComponent("two"), jobs: 2)
            let one = try Self.contents(of: folder.appendingPathComponent("one"))
            let two = try Self.contents(of: folder.appendingPathComponent("two"))
            #expect(one.keys.count { $0.hasPrefix("ch") } == 12 && one.keys.contains("search/index.js"))
            #expect(one == two)
        }
    }

    @Test func aPageDoesNotGrowWithTheCourse() throws {
        try Support.withTemporaryFolder { folder throws in
            var sizes: [Int] = []
            for (count, name) in [(50, "small"), (500, "large")] {
                // Folder names of one length: the pages show them.
                let notes = folder.appendingPathComponent("\(name)/notes")
                try Self.writeNotes(count, in: notes)
                let site = folder.appendingPathComponent("\(name)/site")
                try Self.build(notes, into: site)
                sizes.append(try Data(contentsOf: site.appendingPathComponent("ch025.html")).count)
            }
            // Only the chapter count in the header ("目录（50 章）") differs.
            #expect(sizes[1] - sizes[0] == 1, "page sizes \(sizes)")
        }
    }

    /// A course of hundreds of blocks tables only those that did not pass, at most 300.
    @Test func theIndexOfALargeCourseTablesOnlyWhatDidNotPass() throws {
        try Self.withBuiltCourse(160) { folder, notes, site, _ throws in
            let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(index.contains("这门课有 320 个代码块"))
            #expect(index.contains("没有通过的前 300 个（共 320 个）"))
            #expect(index.components(separatedBy: "<tr>").count - 1 == 1 + 300)
            // Nothing was ported or run: the index claims neither.
            #expect(index.contains("这些代码块还没有 Swift 移植") && index.contains("笔记里的代码这次没有运行"))
            #expect(!index.contains("真正运行过") && !index.contains("按原样运行过"))
        }
    }

    @Test func aNoOpRebuildWritesNothing() throws {
        try Self.withBuiltCourse(5) { folder, notes, site, first throws in
            #expect(first.rendered == first.files)
            let before = Self.stamp(site)
            // What a killed build left beside the site goes, even when nothing else is written.
            let leftover = folder.appendingPathComponent(".site.staging-999999-1/ch001.html")
            try FileManager.default.createDirectory(
                at: leftover.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("half".utf8).write(to: leftover)
            let second = try Self.build(notes, into: site)
            #expect(!FileManager.default.fileExists(atPath: leftover.deletingLastPathComponent().path))
            #expect(second == SiteBuilder.WriteSummary(files: first.files, rendered: 0))
            #expect(Self.stamp(site) == before, "the site folder was replaced")
        }
    }

    @Test func oneChangedNoteRendersItsPageAndTheSummariesOnly() throws {
        try Self.withBuiltCourse(6) { folder, notes, site, _ throws in
            let untouched = Self.stamp(site.appendingPathComponent("ch002.html"))
            let note = notes.appendingPathComponent("ch004.md")
            try (String(contentsOf: note, encoding: .utf8) + "\n一行新的说明。\n").write(
                to: note, atomically: true, encoding: .utf8)
            let summary = try Self.build(notes, into: site)
            // ch004 and the pages of the whole course; the other five chapters are kept.
            #expect(summary.files - summary.rendered == 5, "\(summary)")
            #expect(Self.stamp(site.appendingPathComponent("ch002.html"))?.inode == untouched?.inode)
            #expect(
                try String(contentsOf: site.appendingPathComponent("ch004.html"), encoding: .utf8).contains("一行新的说明"))

            // The incremental site is the site a fresh build writes.
            let fresh = folder.appendingPathComponent("fresh")
            try Self.build(notes, into: fresh)
            #expect(try Self.contents(of: site) == Self.contents(of: fresh))
        }
    }

    /// The search index is kept in parts of 16 chapters: an edit cuts one
    /// part's terms again and reads the others back; a part garbled in the
    /// cache is made again; the site is always the one a fresh build writes.
    @Test func anEditRemakesOnePartOfTheSearchIndex() throws {
        try Self.withBuiltCourse(40) { folder, notes, site, _ throws in
            let writer = SiteWriter(folder: site.path).keepingManifest(in: site.path + ".cache")
            func memo() throws -> SearchMemo { try #require(SearchMemo(manifestPath: writer.manifestPath)) }
            let before = try memo()
            #expect(before.keys.count == 3, "40 chapters in parts of 16")
            #expect(before.keys.allSatisfy { before.load($0) != nil })

            let note = notes.appendingPathComponent("ch020.md")
            try (String(contentsOf: note, encoding: .utf8) + "\n一个新的词：信号灯。\n").write(
                to: note, atomically: true, encoding: .utf8)
            try Self.build(notes, into: site)
            let after = try memo()
            #expect(after.keys.count == 3)
            let same = after.keys.intersection(before.keys)
            #expect(same.count == 2, "only the part of ch017-ch032 is new")
            for key in same { #expect(after.load(key) == before.load(key)) }

            let fresh = folder.appendingPathComponent("fresh")
            try Self.build(notes, into: fresh)
            #expect(try Self.contents(of: site) == Self.contents(of: fresh))

            // A byte changed in the middle of the kept parts, then the file
            // cut short: each time the parts are made again, the site the same.
            var bytes = try Data(contentsOf: URL(fileURLWithPath: after.path))
            bytes[bytes.count / 2] ^= 0x01
            for garbled in [bytes, bytes.prefix(bytes.count / 3)] {
                try garbled.write(to: URL(fileURLWithPath: after.path))
                try FileManager.default.removeItem(at: site)
                try Self.build(notes, into: site)
                #expect(try Self.contents(of: site) == Self.contents(of: fresh))
                let remade = try memo()
                #expect(remade.keys == after.keys && remade.keys.allSatisfy { remade.load($0) != nil })
            }
        }
    }

    @Test func aNeighbourRenamedChangesThePagesThatLinkToIt() throws {
        try Self.withBuiltCourse(3) { folder, notes, site, _ throws in
            let note = notes.appendingPathComponent("ch002.md")
            let text = try String(contentsOf: note, encoding: .utf8)
            try text.replacingOccurrences(of: "# 第 2 章：线程与锁", with: "# 第 2 章：队列").write(
                to: note, atomically: true, encoding: .utf8)
            let summary = try Self.build(notes, into: site)
            #expect(summary.rendered == summary.files, "the pager of ch001 and ch003 names ch002: \(summary)")
            let first = try String(contentsOf: site.appendingPathComponent("ch001.html"), encoding: .utf8)
            #expect(first.contains("第 2 章：队列"))
        }
    }

    @Test func aRemovedNoteTakesItsPageWithIt() throws {
        try Self.withBuiltCourse(3) { _, notes, site, first throws in
            try FileManager.default.removeItem(at: notes.appendingPathComponent("ch003.md"))
            let summary = try Self.build(notes, into: site)
            #expect(summary.files == first.files - 1, "\(summary)")
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("ch003.html").path))
        }
    }

    /// What the user put in the site folder (a CNAME, a .git folder, a
    /// file beside the pages of a folder of the site's) outlives every
    /// rebuild, with a manifest or without one; the pages of a removed note
    /// go, as the build wrote them.
    @Test(arguments: [true, false])
    func filesTheUserAddedAreKept(withManifest: Bool) throws {
        try Self.withBuiltCourse(3) { folder, notes, site, _ throws in
            if !withManifest { try FileManager.default.removeItem(atPath: site.path + ".cache") }
            let added = ["CNAME", ".git/config", ".git/objects/ab/cd", "mine/notes.txt", "search/mine.txt"]
            for path in added {
                let url = site.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("the user's \(path)\n".utf8).write(to: url)
            }
            let before = try Self.contents(of: site)
            try #require(before.keys.contains { $0.hasPrefix("search/") && $0 != "search/mine.txt" })
            // A note removed, one edited: the build writes a new site.
            try FileManager.default.removeItem(at: notes.appendingPathComponent("ch003.md"))
            try Data("# 新的一章\n".utf8).write(to: notes.appendingPathComponent("ch001.md"))
            try Self.build(notes, into: site)
            try Self.build(notes, into: site, tool: "another tool")  // and again, from a new tool
            let after = try Self.contents(of: site)
            for path in added {
                #expect(after[path] == Data("the user's \(path)\n".utf8), "\(path) was not kept")
            }
            #expect(after["ch003.html"] == nil)
            #expect(before["ch003.html"] != nil)
        }
    }

    @Test func aPageChangedByHandOrAToolChangeIsRenderedAgain() throws {
        try Self.withBuiltCourse(3) { folder, notes, site, _ throws in
            let page = site.appendingPathComponent("ch001.html")
            let original = try Data(contentsOf: page)
            try Data("defaced".utf8).write(to: page)
            let afterTamper = try Self.build(notes, into: site)
            #expect(afterTamper.rendered == 1)
            #expect(try Data(contentsOf: page) == original)

            // A garbled manifest is no manifest: everything is rendered.
            let manifest = try #require(
                SiteWriter(folder: site.path).keepingManifest(in: site.path + ".cache").manifestPath)
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: manifest))
            let afterGarble = try Self.build(notes, into: site)
            #expect(afterGarble.rendered == afterGarble.files)

            // Another notes binary renders every page.
            let another = try Self.build(notes, into: site, tool: "another")
            #expect(another.rendered == another.files)
        }
    }
}
