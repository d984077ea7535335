import ExampleKit
import Foundation
import Testing

@testable import NotesKit

/// Someone else's notes publish as their own: titles from their headings,
/// their order and title from `notes.toml`, no machine paths in the site,
/// and only the blocks of the languages that need a port asked to have one.
@Suite("Anyone's notes", .hangGuard)
struct AnyonesNotesTests {
    /// A folder of notes that start at `##`, with blocks of several languages.
    static func writeNotes(in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let strings = """
            ## 字符串和常用数据结构

            配置写在 JSON 里：

            ```json
            {"name": "notes"}
            ```

            ```xml
            <a>1</a>
            ```

            ```shell
            pip install requests
            ```

            ```python
            s = 'hello'
            print(s.upper())
            ```

            ```text
            HELLO
            ```

            ```rust,ignore,does_not_compile
            let x: i32 = "no";
            ```
            """
        try Data(strings.utf8).write(to: folder.appendingPathComponent("07-strings.md"))
        try Data("### 函数\n\n```py\nprint(1)\n```\n".utf8).write(to: folder.appendingPathComponent("03-functions.md"))
        try Data("没有标题的笔记。\n".utf8).write(to: folder.appendingPathComponent("09-plain.md"))
    }

    /// The site of `notes` as `notes build` makes it, nothing run.
    static func site(of notes: URL, title: String? = nil) throws -> (report: CheckReport, files: [String: String]) {
        let binding = try Pipeline.bind(notes: notes.path, registry: ExampleRegistry(examples: []))
        let report = Checker.check(binding, outcomes: [:], originals: OriginalLauncher(enabled: false))
        let options = SiteOptions(
            title: title ?? binding.config.title ?? SiteOptions.defaultTitle, toolchain: "Swift 6",
            description: binding.config.description)
        let files = SiteBuilder.files(binding: binding, report: report, options: options)
        return (
            report, Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        )
    }

    @Test func notesFromElsewherePublishAsTheirOwn() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("their notes")
            try Self.writeNotes(in: notes)
            try Data(
                """
                title = "Python 百天"
                description = "别人的笔记。"
                chapters = ["07-strings.md"]
                """.utf8
            ).write(to: notes.appendingPathComponent("notes.toml"))
            let (report, files) = try Self.site(of: notes)

            // Only the Python blocks need a port; json, xml, shell, text and rust are shown as code.
            #expect(report.blocks.map(\.language) == ["python", "py"])
            #expect(report.blocks.allSatisfy { $0.status == .unmapped })
            let strings = try #require(files["07-strings.html"])
            #expect(strings.contains("<title>字符串和常用数据结构 · Python 百天</title>"))
            #expect(strings.contains("pip install requests") && strings.contains("&lt;a&gt;1&lt;/a&gt;"))
            // The language is the info string's first word; the rest are tags.
            #expect(strings.contains("笔记原文 · rust · <span class=\"info-tag\">ignore</span>"))
            #expect(strings.contains("<span class=\"info-tag\">does_not_compile</span>"))
            #expect(!strings.contains("rust,ignore"))
            // Titles from any heading, or the file name without .html.
            #expect(files["03-functions.html"]?.contains("<title>函数 · Python 百天</title>") == true)
            #expect(files["09-plain.html"]?.contains("<title>09-plain · Python 百天</title>") == true)
            // The chapters in notes.toml's order, then the rest by name; the description on the index.
            let index = try #require(files["index.html"])
            let order = ["字符串和常用数据结构", "函数", "09-plain"].map { index.range(of: ">\($0)<")?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! })
            #expect(index.contains("别人的笔记。") && index.contains("<meta name=\"description\" content=\"别人的笔记。\">"))
            // No page names the folder the notes were built from.
            for (path, text) in files where path.hasSuffix(".html") || path.hasSuffix(".js") {
                #expect(!text.contains(notes.path), "\(path) names \(notes.path)")
                #expect(!text.contains(folder.path), "\(path) names \(folder.path)")
            }
            #expect(strings.contains(">07-strings.md:17<"))
            // Nothing is ported: the footer does not speak of the ports' sleeps.
            #expect(!strings.contains("移植里所有 sleep"))
        }
    }

    @Test func withoutAConfigOnlyPythonNeedsAPortAndTheTitleIsTheDefault() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(in: notes)
            let (report, files) = try Self.site(of: notes)
            #expect(report.blocks.count == 2)
            #expect(files["index.html"]?.contains("<title>课程笔记</title>") == true)
            // By file name.
            let index = try #require(files["index.html"])
            #expect(index.range(of: ">函数<")!.lowerBound < index.range(of: ">字符串和常用数据结构<")!.lowerBound)
        }
    }

    /// The message of the error `notes.toml` with `text` raises.
    func configError(_ text: String) throws -> String {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try Self.writeNotes(in: notes)
            try Data(text.utf8).write(to: notes.appendingPathComponent("notes.toml"))
            let error = try #require(throws: ConfigurationError.self) {
                try Pipeline.bind(notes: notes.path, registry: ExampleRegistry(examples: []))
            }
            return error.description.replacingOccurrences(of: notes.path + "/", with: "")
        }
    }

    @Test func aBrokenConfigIsReportedAtItsLine() throws {
        #expect(
            try configError("title = \"a\"\n\nchapters = [\"07-strings.md\"\n").hasPrefix(
                "notes.toml:3: not valid TOML"))
    }

    @Test(arguments: [
        ("title = 3\n", "notes.toml:1: title: must be a string"),
        ("# the order\nchapters = \"x.md\"\n", "notes.toml:2: chapters: must be an array of strings"),
        ("chapters = [\n  \"07-strings.md\",\n  \"x.md\",\n]\n", "notes.toml:3: chapters[1]: no note named x.md"),
        (
            "chapters = [\"07-strings.md\", \"07-strings.md\"]\n",
            "notes.toml:1: chapters[1]: 07-strings.md is listed twice"
        ),
        (
            "titel = \"typo\"\n",
            "notes.toml:1: titel: unknown key; notes.toml takes title, description, chapters and port"
        ),
        ("port = [1]\n", "notes.toml:1: port[0]: must be a non-empty string"),
        // A table, a dotted key, a quoted one and an array of tables are found at their lines too.
        ("title = \"t\"\n\n[chapters]\nfirst = \"a.md\"\n", "notes.toml:3: chapters: must be an array of strings"),
        ("title = \"t\"\nchapters.first = \"a.md\"\n", "notes.toml:2: chapters: must be an array of strings"),
        (
            "# x\n\"titel\" = \"typo\"\n",
            "notes.toml:2: titel: unknown key; notes.toml takes title, description, chapters and port"
        ),
        ("\n[[port]]\nname = \"py\"\n", "notes.toml:2: port[0]: must be a non-empty string"),
        // Both go into every page: a 50 MB description made every page 50 MB.
        (
            "title = \"t\"\ndescription = \"\(String(repeating: "长", count: 2_001))\"\n",
            "notes.toml:2: description: is 2001 characters; keep it to 2000, as it goes into every page of the site"
        ),
        (
            "title = \"t\"\n[ extra . sub ]\nx = 1\n",
            "notes.toml:2: extra: unknown key; notes.toml takes title, description, chapters and port"
        ),
    ])
    func aWrongValueIsReportedAtItsKeysLine(_ config: String, _ message: String) throws {
        #expect(try configError(config) == message)
    }

    /// The folders come out of paths and of the messages that quote them, longest first.
    @Test func sitePathsAreRelativeToTheNotesFolder() {
        let paths = SitePaths(notesRoot: "/tmp/their notes", registrySource: "/src/pkg/Sources/Examples/Added.swift")
        #expect(paths.path("/tmp/their notes/07-strings.md") == "07-strings.md")
        #expect(
            paths.text(
                "run `notes new /tmp/their notes/a.md:3` to register a port in /src/pkg/Sources/Examples/Added.swift")
                == "run `notes new a.md:3` to register a port in Sources/Examples/Added.swift")
        #expect(paths.text("线程池 /tmp/their notesX/ 不变") == "线程池 /tmp/their notesX/ 不变")
        #expect(SitePaths(notesRoot: "notes").path("notes/01-communication.md") == "01-communication.md")
    }

    @Test func aConfigNamesTheLanguagesThatNeedAPort() throws {
        var config = try NotesConfig.parse("port = [\"Python\", \"shell\"]", path: "notes.toml")
        #expect(config.needsPort("python") && config.needsPort("py") && config.needsPort("SHELL"))
        #expect(!config.needsPort("json") && !config.needsPort(""))
        config = NotesConfig()
        #expect(config.needsPort("python3") && !config.needsPort("text"))
    }
}
