import ExampleKit
import Foundation
import Testing

@testable import NotesKit

@Suite("The site, rendered in memory", .hangGuard)
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
                "fixture.html", "index.html", "errata.html", "search.html", "search/index.js", "search/terms-0.js",
                "search/titles-0.js", "search/docs-0.js", "assets/style.css", "assets/search.js",
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
        #expect(page.contains("超时：到时限还在运行，进程组已终止"))
        #expect(page.contains("被信号 SIGSEGV 终止"))
        // The checks read in Chinese; the checker's English stays as a secondary line.
        #expect(page.contains("stdout 正好是预期的 1 行"))
        #expect(!page.contains("stdout is exactly"))
        #expect(
            page.contains(
                "<span class=\"secondary\" lang=\"en\">timed out after 0.30 s; its process group was terminated</span>")
        )
        #expect(page.contains("<span class=\"secondary\" lang=\"en\">crashed with SIGSEGV (Segmentation fault)</span>"))
        #expect(page.contains("⚠ 已过期：笔记的这个代码块在示例 <code>stale</code> 审阅之后改动过"))
        #expect(page.contains("block changed since example &#39;stale&#39; was reviewed"))
        #expect(page.contains("<q>prints ok</q>"))
        // No English status words in the badges.
        for english in ["verified", ">failed<", "timed out<", "unmapped<", "waived<"] {
            #expect(!page.contains(english), "\(english) on the page")
        }
    }

    @Test func hostileTextIsShownNotRun() throws {
        let files = try Self.site()
        let page = try Self.page("fixture.html", in: files)
        #expect(!page.contains("<script"))  // chapter pages run nothing
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The failing example wrote `<script>` to stderr: it shows as text.
        #expect(page.contains("aria-label=\"Swift stderr\">&lt;script&gt;\n</pre>"))
        let index = try Self.page("index.html", in: files)
        #expect(index.contains("<title>Fixture &lt;notes&gt;</title>"))
        #expect(!index.contains("<notes>"))
    }

    @Test func controlCharactersShowAsPictures() {
        #expect(HTML(escaping: "a\u{1B}[31m\u{07}\tb\u{7F}").markup == "a␛[31m␇\tb␡")
    }

    @Test func pagesDeclareChineseAndLandmarks() throws {
        for name in ["fixture.html", "index.html", "errata.html", "search.html"] {
            let page = try Self.page(name, in: try Self.site())
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
            for landmark in ["<header", "<nav", "<main id=\"page.main\"", "<footer"] {
                #expect(page.contains(landmark), "\(name) lacks \(landmark)")
            }
            #expect(!page.contains("http://") && !page.contains("https://"), "\(name) refers to the network")
        }
        let search = try Self.page("search.html", in: try Self.site())
        #expect(search.contains("<script src=\"search/index.js\"></script><script src=\"assets/search.js\"></script>"))
    }

    /// A note's headings may read like the page's own ids; they must not
    /// collide with them, on any page.
    @Test func headingsNeverCollideWithThePagesOwnIDs() throws {
        let note = "# a\n\n## main\n\n## site-search\n\n## page.main\n\n## search-results\n\n## main\n"
        let document = NotesFolder.parse(note, path: "notes/a.md", layout: SiteMap.init)
        let binding = try Binder.bind([document], to: ExampleRegistry(examples: []))
        let report = Checker.check(binding, examples: [:])
        let files = SiteBuilder.files(
            binding: binding, report: report, options: SiteOptions(title: "T", toolchain: "Swift test"))
        for file in files where file.path.hasSuffix(".html") {
            let ids = PageText.ids(in: String(decoding: file.bytes, as: UTF8.self))
            #expect(Set(ids).count == ids.count, "\(file.path) repeats an id: \(ids)")
        }
        let page = try Self.page("a.html", in: files)
        #expect(page.contains("id=\"main\"") && page.contains("id=\"main-1\"") && page.contains("id=\"page.main\""))
    }

    /// A block with a faithful port and a modern twin shows both, as two
    /// tabs that need no JavaScript; a block with one kind shows no tabs.
    @Test func theFaithfulPortAndTheModernTwinAreTwoTabs() throws {
        let run = RunResult.passing("11\n10\n")
        let port = ExampleReport(
            id: "p", kind: .port, source: "P.swift", stale: false, status: .passed, run: run, expectations: [])
        var twin = port
        twin.id = "p-modern"
        twin.kind = .idiomatic
        twin.status = .failed
        let report = try #require(try ReportFixture.report().blocks.first)
        var both = report
        both.examples = [port, twin]
        let html = BlockPanel.variants(both, sources: [:], ordinal: 7).markup
        #expect(html.components(separatedBy: "type=\"radio\"").count - 1 == 2)
        #expect(html.contains("id=\"block.7.variant.port\" checked=\"\""))
        #expect(html.contains("<label for=\"block.7.variant.modern\" class=\"variant-tab\">现代 Swift "))
        #expect(html.contains("忠实移植 <span class=\"badge badge-passed\">"))
        #expect(html.contains("现代 Swift <span class=\"badge badge-failed\">"))
        #expect(html.contains("<code>p</code>") && html.contains("<code>p-modern</code>"))
        var one = report
        one.examples = [port]
        #expect(!BlockPanel.variants(one, sources: [:], ordinal: 7).markup.contains("radio"))
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
        let (documents, _) = try NotesFolder.load(folder, layout: SiteMap.init)
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

@Suite("Writing the site", .hangGuard)
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

    /// A page in pieces is written as their bytes joined, small pieces
    /// gathered and large ones written as they are; an unchanged one is
    /// linked from the site before, a changed one written again.
    @Test func aFileInPiecesIsWrittenAsItsBytesJoined() throws {
        try Support.withTemporaryFolder { folder throws in
            let site = folder.appendingPathComponent("site").path
            let sizes = [0, 10, 70_000, 5, 65_536, 1, 65_535, 2, 200_000]
            let pieces = sizes.enumerated().map { number, size -> SiteFile.Piece in
                let byte = UInt8(ascii: "a") + UInt8(number)
                return number % 2 == 0
                    ? .text(String(repeating: Character(Unicode.Scalar(byte)), count: size))
                    : .bytes([UInt8](repeating: byte, count: size))
            }
            let file = SiteFile("page.html", pieces: pieces)
            #expect(file.count == sizes.reduce(0, +))
            #expect(file == SiteFile("page.html", bytes: file.bytes))
            for _ in 0..<2 { try SiteWriter(folder: site).write([file]) }
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: site + "/page.html"))) == file.bytes)
            var changed = pieces
            changed[5] = .text("z")
            try SiteWriter(folder: site).write([SiteFile("page.html", pieces: changed)])
            let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: site + "/page.html")))
            #expect(written.count == file.count && written != file.bytes)
            #expect(written == SiteFile("page.html", pieces: changed).bytes)
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

/// A site whose blocks carry what a review adds: the notes' Python as it
/// ran, probes, errata and claims, some of them hostile.
@Suite("The site of a reviewed block", .hangGuard)
struct ReviewedSiteTests {
    static func run(
        _ termination: RunResult.Termination = .exited(0), timedOut: Bool = false, stdout: String = "",
        stderr: String = "", transcript: String? = nil
    ) -> RunResult {
        RunResult(
            termination: termination, timedOut: timedOut, leftoverProcesses: false, stdout: stdout, stderr: stderr,
            stdoutDropped: 0, stderrDropped: 0, seconds: 0.5, transcript: transcript)
    }

    /// The fixture's report, its first block reviewed (its code crashes, as
    /// an erratum says), its second never ending though no erratum says so,
    /// its third not run.
    static func report() throws -> CheckReport {
        var report = try ReportFixture.report()
        let crash = run(
            .exited(1),
            stderr: "Traceback (most recent call last):\n"
                + "  File \"/tmp/notes-run-a1b2c3d4/block.py\", line 1\n"
                + "<script>alert('tb')</script>\n",
            transcript: "连接到 127.0.0.1:8989\n收到 b'<img src=x onerror=alert(1)>'\n")
        report.blocks[0].original = OriginalReport(
            status: .crashed, run: crash, python: "3.11.7", sandbox: "bubblewrap", driver: "客户端 <b>发送</b>",
            probes: [
                ProbeReport(
                    name: "spawn", purpose: "用 spawn <i>启动</i>", before: "import multiprocessing\n# <script>",
                    after: "print('</pre>')", run: run(stdout: "1\n")),
                ProbeReport(
                    name: "later", purpose: "没有运行的探针", before: "", after: "print(1)", run: nil,
                    notRunReason: "用了 --no-python，笔记原代码没有运行"),
            ],
            expected: true)
        report.blocks[0].errata = [
            ErratumReport(
                line: 8, kind: .crash, zh: "它会崩溃：`<b>` 不是 **HTML**", en: "It <crashes>.", against: .python,
                holds: true, evidence: "运行出错退出"),
            ErratumReport(
                line: 5, kind: .wrongClaim, zh: "说法不对 <script>", against: .probe, againstName: "spawn", holds: false,
                evidence: "stdout 有 <x>"),
            ErratumReport(line: nil, kind: .typo, zh: "拼写", against: nil, holds: nil, evidence: "拼写问题，运行看不出来"),
            ErratumReport(
                line: 8, kind: .deviation, zh: "移植用 `withLock`", against: nil, holds: nil, evidence: "这是移植的写法，不是运行结果"),
        ]
        report.blocks[0].claims.append(
            ClaimReport(
                quote: "prints <ok>", line: 5, against: .probe, againstName: "spawn", verdict: .refuted,
                expected: .refuted, why: "因为 <script>", evidence: "stdout 有一行 1", passed: true))
        report.blocks[1].original = OriginalReport(
            status: .neverEnds, run: run(timedOut: true), python: "3.11.7", sandbox: "bubblewrap", probes: [],
            expected: false)
        report.blocks[2].original = OriginalReport(
            status: .notRun, notRunReason: "用了 --no-python，笔记原代码没有运行", probes: [], expected: true)
        return report
    }

    static func site() throws -> [SiteFile] {
        SiteBuilder.files(
            binding: try ReportFixture.binding(), report: try report(),
            options: SiteOptions(title: "Fixture", toolchain: "Swift test"))
    }

    /// The section of `page` from block `ordinal` to the next block.
    static func block(_ ordinal: Int, of page: String) throws -> String {
        let start = try #require(page.range(of: "<div class=\"pair\" id=\"block.\(ordinal)\""))
        let rest = page[start.upperBound...]
        let end = rest.range(of: "<div class=\"pair\" id=\"block.")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func everyPythonBlockShowsBothVerdictsInWordsAndColourFollowsTheTruth() throws {
        let page = try SiteTests.page("fixture.html", in: try Self.site())
        let first = try Self.block(1, of: page)
        #expect(first.contains("<dt>笔记原代码</dt>") && first.contains("<dt>Swift 移植</dt>"))
        // A crash an erratum predicts is amber and says so, never green, never a port failure.
        #expect(
            first.contains(
                "<span class=\"badge badge-python python-crashed tone-warn\"><span aria-hidden=\"true\">✗ </span>崩溃 · 与勘误一致</span>"
            ))
        #expect(first.contains("badge badge-passed"))
        // One that nobody predicted is red.
        let second = try Self.block(2, of: page)
        #expect(second.contains("python-never-ends tone-bad") && second.contains("永不结束 · 勘误没有提到"))
        #expect(second.contains("笔记原代码永不结束，但没有一条勘误这样说。"))
        let third = try Self.block(3, of: page)
        #expect(third.contains("python-not-run tone-none") && third.contains("用了 --no-python，笔记原代码没有运行"))
        // A block in a language that needs no port has only the Swift verdict.
        let waived = try Self.block(7, of: page)
        #expect(!waived.contains("<dt>笔记原代码</dt>") && waived.contains("badge badge-waived"))
    }

    @Test func thePythonRunIsShownWithHowItRanAndItsOutputEscaped() throws {
        let first = try Self.block(1, of: try SiteTests.page("fixture.html", in: try Self.site()))
        #expect(
            first.contains(
                "<code>python3 -u block.py</code> · Python 3.11.7 · 在 bubblewrap 沙箱里运行（只读的系统，只能写自己的工作目录，独立网络只有本机回环）"
            ))
        #expect(first.contains("退出码 1 · 0.50 s"))
        #expect(first.contains("aria-label=\"Python stderr\">Traceback"))
        #expect(first.contains("File &quot;block.py&quot;") && first.contains("输出里的临时工作目录已省略"))
        #expect(first.contains("&lt;script&gt;alert(&#39;tb&#39;)&lt;/script&gt;"))
        #expect(first.contains("驱动客户端：客户端 &lt;b&gt;发送&lt;/b&gt;"))
        #expect(first.contains("<li>收到 b&#39;&lt;img src=x onerror=alert(1)&gt;&#39;</li>"))
        let second = try Self.block(2, of: try SiteTests.page("fixture.html", in: try Self.site()))
        #expect(second.contains("独立网络只有本机回环） · 超时：到时限还在运行，进程组已终止"))
    }

    @Test func probesShowTheirAddedLinesAsAddedNeverAsTheNotes() throws {
        let first = try Self.block(1, of: try SiteTests.page("fixture.html", in: try Self.site()))
        #expect(first.contains("<div class=\"probe\" id=\"block.1.probe.spawn\">"))
        #expect(first.contains("附加的探针代码（不是笔记原文）· 加在笔记代码之前"))
        #expect(first.contains("附加的探针代码（不是笔记原文）· 加在笔记代码之后"))
        #expect(first.contains("<figure class=\"code code-added\">"))
        #expect(first.contains("用 spawn &lt;i&gt;启动&lt;/i&gt;"))
        #expect(first.contains("<span class=\"cm\"># &lt;script&gt;</span>"))
        #expect(first.contains("&#39;&lt;/pre&gt;&#39;"))
        #expect(first.contains("aria-label=\"探针 spawn stdout\">1\n</pre>"))
        #expect(first.contains("没有运行</span>：用了 --no-python，笔记原代码没有运行"))
        // The notes' own code is shown once, in its own figure, not inside a probe.
        #expect(first.components(separatedBy: "class=\"code code-python\"").count == 2)
    }

    @Test func errataSayTheirKindTheirLineAndHowTheyWereChecked() throws {
        let page = try SiteTests.page("fixture.html", in: try Self.site())
        let first = try Self.block(1, of: page)
        #expect(first.contains("<p class=\"review-title\">勘误（3 条）</p>"))
        #expect(first.contains("<span aria-hidden=\"true\">✎ </span>崩溃</span>"))
        #expect(first.contains("<a class=\"line-ref\" href=\"#line.8\">笔记第 8 行</a>"))
        #expect(page.contains("<span class=\"line\" id=\"line.8\">"))
        #expect(page.contains("<span class=\"line-anchor\" id=\"line.5\"></span><p>Prose claims it prints ok.</p>"))
        #expect(first.contains("它会崩溃：<code>&lt;b&gt;</code> 不是 <strong>HTML</strong>"))
        #expect(first.contains("<p class=\"secondary\" lang=\"en\">It &lt;crashes&gt;.</p>"))
        #expect(first.contains("✓ </span>已由运行证实</span>（原代码）：运行出错退出"))
        #expect(
            first.contains(
                "✗ </span>不再成立</span>：探针 <a href=\"#block.1.probe.spawn\"><code>spawn</code></a>的运行不再显示“stdout 有 &lt;x&gt;”"
            ))
        #expect(first.contains("– </span>无法由运行核实</span>：拼写问题，运行看不出来"))
        #expect(first.contains("（没有在笔记里找到引用的文字）"))
        #expect(first.contains("说法不对 &lt;script&gt;"))
        // A deviation of the port is a note in the Swift panel, not an error of the notes.
        let panel = try #require(first.components(separatedBy: "<div class=\"pair-code\">").last)
        #expect(panel.contains("<p class=\"review-title\">移植的改动（不是笔记的错误）</p>"))
        #expect(panel.contains("erratum erratum-deviation") && panel.contains("移植用 <code>withLock</code>"))
        // The review's failures are said in Chinese at the top of the block.
        #expect(first.contains("一条「说法不对」勘误不再成立"))
        #expect(first.contains("一条「拼写错误」勘误引用的文字不在这个代码块或它所在的小节里。"))
    }

    @Test func aClaimTheReviewFoundFalseIsVerifiedNotAFailure() throws {
        let first = try Self.block(1, of: try SiteTests.page("fixture.html", in: try Self.site()))
        #expect(first.contains("<li class=\"claim claim-warn\"><p class=\"claim-head\">笔记说<q>prints &lt;ok&gt;</q>"))
        #expect(first.contains("✗ </span>笔记的说法不成立（已核实）</span>"))
        #expect(first.contains("为什么不成立：因为 &lt;script&gt;"))
        #expect(first.contains("<li class=\"claim claim-ok\"><p class=\"claim-head\">笔记说<q>prints ok</q>"))
    }

    @Test func nothingHostileRunsAndEveryLinkOnThePageHasItsTarget() throws {
        let files = try Self.site()
        let page = try SiteTests.page("fixture.html", in: files)
        for tag in ["<script", "<img", "<i>", "<b>", "<x>", "<crashes>"] {
            #expect(!page.contains(tag), "\(tag) on the page")
        }
        let ids = Set(Self.matches(of: #/ id="([^"]+)"/#, in: page))
        for fragment in Self.matches(of: #/href="#([^"]+)"/#, in: page) {
            #expect(ids.contains(fragment), "no #\(fragment)")
        }
        let errata = try SiteTests.page("errata.html", in: files)
        for fragment in Self.matches(of: #/href="fixture\.html#([^"]+)"/#, in: errata) {
            #expect(ids.contains(fragment), "errata.html links to a missing #\(fragment)")
        }
        #expect(try Self.site() == files)
    }

    @Test func theErrataPageListsEveryErratumWithItsBlockAndLine() throws {
        let files = try Self.site()
        let errata = try SiteTests.page("errata.html", in: files)
        #expect(errata.contains("<h1>勘误</h1>"))
        #expect(errata.contains("共 4 条，按种类："))
        for kind in ["崩溃", "说法不对", "拼写错误", "移植的改动"] {
            #expect(errata.contains("</span>\(kind)</span></dt><dd>1</dd>"), "no count for \(kind)")
        }
        #expect(errata.contains("已由运行证实</span></dt><dd>1</dd>"))
        #expect(errata.contains("不再成立</span></dt><dd>1</dd>"))
        #expect(errata.contains("无法由运行核实</span></dt><dd>2</dd>"))
        #expect(errata.contains("<a href=\"fixture.html#block.1\">代码块 1 · Passes</a>"))
        #expect(errata.contains("href=\"fixture.html#line.8\""))
        #expect(errata.contains("href=\"fixture.html#block.1.probe.spawn\""))
        #expect(errata.contains("id=\"errata.block.1\""))
        #expect(!errata.contains("<script") && errata.contains("说法不对 &lt;script&gt;"))
        // The header of every page links to it.
        for name in ["fixture.html", "index.html", "search.html"] {
            #expect(try SiteTests.page(name, in: files).contains("<a href=\"errata.html\">勘误</a>"))
        }
        #expect(errata.contains("<a href=\"errata.html\" aria-current=\"page\">勘误</a>"))
    }

    @Test func theIndexCountsBothVerdictsAndTheErrata() throws {
        let index = try SiteTests.page("index.html", in: try Self.site())
        #expect(index.contains("<dt>Swift 移植</dt>") && index.contains("1 已验证"))
        #expect(index.contains("<dt>笔记原代码</dt>"))
        #expect(index.contains("1 崩溃 · 与勘误一致") && index.contains("1 永不结束 · 勘误没有提到"))
        #expect(index.contains("4 没有运行"))  // the fixture runs no Python
        #expect(index.contains("<a href=\"errata.html\">4 条</a>") && index.contains("3 条是笔记的问题，1 条是移植的改动"))
        #expect(index.contains("<th scope=\"col\">笔记原代码</th>"))
        #expect(index.contains("href=\"errata.html#errata.block.1\">4 条</a>"))
        #expect(index.contains("移植里所有 sleep 都缩短为 0.1 倍"))
        #expect(index.contains("Swift 工具链：Swift test"))
    }

    static func matches(of regex: Regex<(Substring, Substring)>, in text: String) -> [String] {
        text.matches(of: regex).map { String($0.output.1) }
    }
}

/// Facts about a rendered page, for tests.
enum PageText {
    /// Every `id="…"` value, in order, repeats included.
    static func ids(in page: String) -> [String] {
        page.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
    }
}
