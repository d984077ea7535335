import Foundation
import Testing

@testable import NotesKit
@testable import NotesServe

/// `notes serve` as an author uses it: the open page follows the note.
@Suite("notes serve", .serialized, .hangGuard)
struct ServeTests {
    @Test func saving_a_note_updates_the_open_page() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            "Chromium is not installed: run scripts/bootstrap --test")
        try Support.withTemporaryFolder { folder in
            let script = CLI.packageRoot.appendingPathComponent("Tests/Browser/serve_check.py").path
            let result = try ChildProcess.run(
                Command(
                    "python3", [script, CLI.binary, CLI.notesFolder, folder.path, "--rounds", "2", "--wait", "10"]),
                limits: RunLimits(timeout: .seconds(240)))
            #expect(result.termination == .exited(0), "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("save-to-reload: median"), "\(result.stdout)")
        }
    }

    /// The files a preview serves: the site's own, with the reload script
    /// (and, after a failed rebuild, a banner) added; nothing outside the
    /// site's folder.
    @Test func the_preview_serves_the_site_and_nothing_else() throws {
        try Support.withTemporaryFolder { folder in
            let site = folder.appendingPathComponent("site")
            try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
            try Data("<html><body><p>x</p></body></html>".utf8).write(to: site.appendingPathComponent("index.html"))
            try Data("secret".utf8).write(to: folder.appendingPathComponent("secret.txt"))
            let file = try #require(PreviewFiles.file(for: "/", in: site.path))
            #expect(file.type == "text/html; charset=utf-8")
            let index = try #require(file.bytes)
            #expect(PreviewFiles.file(for: "/index.html", in: site.path)?.bytes == index)
            for escape in ["/../secret.txt", "/%2e%2e/secret.txt", "/a/../../secret.txt", "/nope.html"] {
                #expect(PreviewFiles.file(for: escape, in: site.path) == nil, "\(escape)")
            }
            let served = String(decoding: PreviewFiles.injecting(into: index, failure: nil), as: UTF8.self)
            #expect(served == "<html><body><p>x</p>" + PreviewFiles.reloadSnippet + "</body></html>")
            let failed = String(
                decoding: PreviewFiles.injecting(into: index, failure: "error: <bad>"), as: UTF8.self)
            #expect(failed.contains("重新构建失败") && failed.contains("error: &lt;bad&gt;"))
        }
    }
}
