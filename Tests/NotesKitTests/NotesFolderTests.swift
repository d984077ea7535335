import Foundation
import Testing

@testable import NotesKit

@Suite("Reading a notes folder", .hangGuard)
struct NotesFolderTests {
    /// A copy of the course's first two chapters, as a fixture: what the
    /// parser makes of real notes does not change when the course does.
    /// A note may be called `index.md`, `search.md` or `errata.md`: its page
    /// then takes another name, never the site's own page of that name.
    @Test func notesNeverTakeTheSitesOwnPages() {
        let map = SiteMap(["errata.md", "index.md", "search.md", "Errata.md", "a/errata.md"])
        #expect(map.page(for: "errata.md") == "errata-2.html")
        #expect(map.page(for: "index.md") == "index-2.html")
        #expect(map.page(for: "search.md") == "search-2.html")
        #expect(map.page(for: "Errata.md") == "Errata-3.html")
        #expect(map.page(for: "a/errata.md") == "a-errata.html")
        #expect(!SiteMap.reserved.contains(map.page(for: "errata.md")))
    }

    @Test func aCopyOfTheCourseParsesToItsTwelvePythonBlocks() throws {
        let (documents, diagnostics) = try NotesFolder.load(
            Support.packageRoot.appendingPathComponent("Tests/NotesKitTests/Fixtures/folders/course").path,
            layout: SiteMap.init)
        #expect(diagnostics.isEmpty)
        let blocks = documents.flatMap(\.codeBlocks)
        #expect(blocks.count == 12)
        #expect(blocks.allSatisfy { $0.language == "python" && $0.fenced && !$0.nested })
        #expect(documents.map(\.title) == ["并发通信", "并发池（进程池与线程池）"])
        #expect(documents[0].codeBlocks.map(\.line) == [11, 30, 51, 67, 93, 131, 171])
        #expect(documents[1].codeBlocks.map(\.line) == [15, 52, 88, 116, 146])
    }

    /// A notes folder that links to files outside itself publishes none of
    /// them: not through `..`, an absolute path or a symbolic link, and a
    /// note that is itself such a link is not read. Each refusal is a
    /// warning at its line.
    @Test func nothingOutsideTheNotesFolderIsCopiedOrRead() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            let outside = folder.appendingPathComponent("secret.txt")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: outside)
            try Data("# secret note\n".utf8).write(to: folder.appendingPathComponent("outside.md"))
            try Data("png".utf8).write(to: notes.appendingPathComponent("inside.png"))
            let manager = FileManager.default
            try manager.createSymbolicLink(
                atPath: notes.appendingPathComponent("pic.png").path, withDestinationPath: outside.path)
            try manager.createSymbolicLink(
                atPath: notes.appendingPathComponent("alias.png").path, withDestinationPath: "inside.png")
            try manager.createSymbolicLink(
                atPath: notes.appendingPathComponent("linked.md").path,
                withDestinationPath: folder.appendingPathComponent("outside.md").path)
            try Data(
                """
                # A

                ![leak](pic.png)

                [up](../secret.txt) and ![root](\(outside.path))

                ![fine](inside.png) ![also fine](alias.png)

                """.utf8
            ).write(to: notes.appendingPathComponent("a.md"))
            let (documents, diagnostics) = try NotesFolder.load(notes.path, layout: SiteMap.init)
            #expect(documents.map { ($0.path as NSString).lastPathComponent } == ["a.md"])
            let images = try #require(documents.first).images
            #expect(images.count == 2)
            #expect(images.allSatisfy { !$0.source.hasSuffix("secret.txt") })
            let places = diagnostics.map {
                URL(fileURLWithPath: $0.location?.path ?? "").lastPathComponent + ":\($0.location?.line ?? 0)"
            }
            #expect(Set(places) == ["a.md:3", "a.md:5", "linked.md:1"])
            #expect(diagnostics.filter { $0.location?.line == 5 }.count == 2)
            #expect(diagnostics.allSatisfy { $0.severity == .warning })
            let html = documents[0].blocks.compactMap { if case .prose(let prose) = $0 { prose.html } else { nil } }
            #expect(!html.joined().contains("secret"))
        }
    }

    @Test func invalidUTF8IsReportedWithItsLineAndTheRestStillParses() throws {
        let folder = Support.fixtures.appendingPathComponent("folders/invalid-utf8").path
        let (documents, diagnostics) = try NotesFolder.load(folder, layout: SiteMap.init)
        #expect(documents.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["01-good.md"])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.path.hasSuffix("invalid-utf8/02-bad.md") == true)
        #expect(diagnostic.location?.line == 4)
        #expect(diagnostic.location?.column == 6)
        #expect(diagnostic.message.contains("not valid UTF-8"))
        #expect(diagnostic.message.contains("0xFF"))
    }

    @Test func subfoldersAreReadAndHiddenOnesSkipped() throws {
        let folder = Support.fixtures.appendingPathComponent("folders/mixed").path
        let (documents, _) = try NotesFolder.load(folder, layout: SiteMap.init)
        #expect(documents.map { $0.path.replacingOccurrences(of: folder + "/", with: "") } == ["a.md", "sub/b.md"])
    }

    @Test func pathsAreShownAsTheUserWroteTheFolder() throws {
        try Support.withTemporaryFolder { url throws in
            try Data("# x\n".utf8).write(to: url.appendingPathComponent("a.md"))
            let (documents, _) = try NotesFolder.load(url.path + "/", layout: SiteMap.init)
            #expect(documents.map(\.path) == [url.path + "/a.md"])
        }
    }

    @Test func aMissingOrEmptyFolderIsAConfigurationError() throws {
        #expect(throws: ConfigurationError.self) { try NotesFolder.load("/definitely/not/here", layout: SiteMap.init) }
        _ = try Support.withTemporaryFolder { url throws in
            #expect(throws: ConfigurationError.self) { try NotesFolder.load(url.path, layout: SiteMap.init) }
        }
    }

    @Test(arguments: [
        ([UInt8]("plain ascii".utf8), nil as Int?),
        ([UInt8]("中文".utf8), nil),
        ([0x61, 0xFF], 1),
        ([0xC0, 0x80], 0),  // overlong
        ([0xED, 0xA0, 0x80], 0),  // surrogate
        ([0xE4, 0xB8], 0),  // truncated
        ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
    ])
    func utf8Validation(_ bytes: [UInt8], _ expected: Int?) {
        #expect(UTF8Check.firstInvalidByte(in: bytes) == expected)
    }
}
