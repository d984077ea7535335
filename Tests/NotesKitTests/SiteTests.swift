import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite("The site, rendered in memory", .timeLimit(.minutes(1)))
struct SiteTests {
    static func site() throws -> [SiteFile] {
        SiteBuilder.files(
            binding: try ReportFixture.binding(), report: try ReportFixture.report(),
            options: SiteOptions(title: "Fixture <notes>", toolchain: "Swift test"))
    }

    static func page(_ name: String, in files: [SiteFile]) throws -> String {
        let file = try #require(files.first { $0.path == name }, "no \(name)")
        return String(decoding: file.bytes, as: UTF8.self)
    }

    @Test func theSiteHasAPagePerNoteAndItsFixedFiles() throws {
        let files = try Self.site()
        #expect(
            files.map(\.path) == [
                "fixture.html", "index.html", "search.html", "search-index.js", "assets/style.css", "assets/search.js",
            ])
        let css = try Self.page("assets/style.css", in: files)
        #expect(css.contains("prefers-color-scheme: dark") && css.contains("@media print"))
    }

    @Test func everyBlockIsPairedWithItsStatusCodeAndOutput() throws {
        let page = try Self.page("fixture.html", in: try Self.site())
        for ordinal in 1...7 { #expect(page.contains("id=\"block.\(ordinal)\"")) }
        for status in ["passed", "failed", "timeout", "crashed", "stale", "unmapped", "waived"] {
            #expect(page.contains("badge badge-\(status)"), "no \(status) badge")
        }
        #expect(page.components(separatedBy: "class=\"code code-python\"").count - 1 == 6)
        #expect(page.contains("class=\"output-text output-stdout\""))
        #expect(page.contains("超时，进程组已终止"))
        #expect(page.contains("被信号 SIGSEGV 终止"))
        #expect(page.contains("<span lang=\"en\">timed out after 0.30 s; its process group was terminated</span>"))
        #expect(page.contains("<span lang=\"en\">crashed with SIGSEGV (Segmentation fault)</span>"))
        #expect(page.contains("block changed since example &#39;stale&#39; was reviewed"))
        #expect(page.contains("<q>prints ok</q>"))
    }

    @Test func hostileTextIsShownNotRun() throws {
        let files = try Self.site()
        let page = try Self.page("fixture.html", in: files)
        #expect(!page.contains("<script"))  // chapter pages run nothing
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The failing example wrote `<script>` to stderr: it shows as text.
        #expect(page.contains("aria-label=\"stderr\">&lt;script&gt;\n</pre>"))
        let index = try Self.page("index.html", in: files)
        #expect(index.contains("<title>Fixture &lt;notes&gt;</title>"))
        #expect(!index.contains("<notes>"))
    }

    @Test func controlCharactersShowAsPictures() {
        #expect(HTML(escaping: "a\u{1B}[31m\u{07}\tb\u{7F}").markup == "a␛[31m␇\tb␡")
    }

    @Test func pagesDeclareChineseAndLandmarks() throws {
        for name in ["fixture.html", "index.html", "search.html"] {
            let page = try Self.page(name, in: try Self.site())
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
            for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer"] {
                #expect(page.contains(landmark), "\(name) lacks \(landmark)")
            }
            #expect(!page.contains("http://") && !page.contains("https://"), "\(name) refers to the network")
        }
        let search = try Self.page("search.html", in: try Self.site())
        #expect(search.contains("<script src=\"search-index.js\"></script><script src=\"assets/search.js\"></script>"))
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        #expect(try Self.site() == Self.site())
    }

    @Test func aMissingPortSourceIsSaidNotHidden() throws {
        let page = try Self.page("fixture.html", in: try Self.site())
        #expect(page.contains("源文件") && page.contains("无法读取"))
    }

    @Test func localImagesAreCopiedAndRemoteOnesNeverLoaded() throws {
        let folder = Support.fixtures.appendingPathComponent("folders/site-media").path
        let (documents, _) = try NotesFolder.load(folder)
        #expect(documents.map(\.pageName) == ["a.html", "b.html"])
        let a = try #require(documents.first)
        #expect(a.images.count == 1)
        let image = try #require(a.images.first)
        #expect(image.sitePath.hasPrefix("media/") && image.sitePath.hasSuffix("-diagram.png"))
        let prose = a.blocks.compactMap { if case .prose(let p) = $0 { p.html } else { nil } }.joined()
        #expect(prose.contains("src=\"\(image.sitePath)\""))
        #expect(prose.contains("[图片：远程图]") && prose.contains("[图片：missing]"))
        #expect(!prose.contains("src=\"https://"))
        #expect(prose.contains("href=\"b.html#%E7%AC%AC%E4%BA%8C%E8%8A%82\""))  // 第二节, percent-encoded by cmark
        #expect(!prose.contains("elsewhere.md") && prose.contains(" and outside and "))  // no dead link, its text kept

        let binding = try Binder.bind(documents, to: .init(examples: []))
        let report = Checker.check(binding, examples: [:])
        let files = SiteBuilder.files(
            binding: binding, report: report, options: SiteOptions(title: "t", toolchain: "x"))
        #expect(files.contains { $0.path == image.sitePath && $0.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) })
    }

    @Test func theSourceDateIsShownOnlyWhenSet() {
        #expect(BuildEnvironment.sourceDate([:]) == nil)
        #expect(BuildEnvironment.sourceDate(["SOURCE_DATE_EPOCH": "0"]) == "1970-01-01 00:00 UTC")
        #expect(BuildEnvironment.sourceDate(["SOURCE_DATE_EPOCH": "soon"]) == nil)
    }
}

@Suite("Writing the site", .timeLimit(.minutes(1)))
struct SiteWriterTests {
    @Test func aBuildReplacesTheWholeSiteAndLeavesNoTemporaryFolders() throws {
        try Support.withTemporaryFolder { folder throws in
            let site = folder.appendingPathComponent("site").path
            try SiteWriter(folder: site).write([SiteFile("index.html", "one"), SiteFile("old.html", "stale")])
            try SiteWriter(folder: site).write([SiteFile("index.html", "two"), SiteFile("assets/a.css", "x")])
            #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8) == "two")
            #expect(!FileManager.default.fileExists(atPath: site + "/old.html"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
        }
    }

    @Test func aFailedWriteLeavesThePreviousSiteWhole() throws {
        try Support.withTemporaryFolder { folder throws in
            let site = folder.appendingPathComponent("site").path
            try SiteWriter(folder: site).write([SiteFile("index.html", "good")])
            // "a" is a file, so "a/b.html" cannot be written: the build fails half-way.
            #expect(throws: ConfigurationError.self) {
                try SiteWriter(folder: site).write([
                    SiteFile("index.html", "new"), SiteFile("a", "x"), SiteFile("a/b.html", "y"),
                ])
            }
            #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8) == "good")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
        }
    }

    @Test func aFolderItDidNotMakeIsNeverReplaced() throws {
        try Support.withTemporaryFolder { folder throws in
            try Data("precious".utf8).write(to: folder.appendingPathComponent("thesis.tex"))
            #expect(throws: ConfigurationError.self) {
                try SiteWriter(folder: folder.path).write([SiteFile("index.html", "x")])
            }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("thesis.tex").path))
            let empty = folder.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            try SiteWriter(folder: empty.path).write([SiteFile("index.html", "x")])
            #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("index.html").path))
        }
    }
}
