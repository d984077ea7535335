/// The front page: what the site is, an overall summary, and the chapters
/// with the status of their blocks.
enum IndexPage {
    static func render(site: SiteInfo, documents: [Document], report: CheckReport) -> String {
        let verified = report.blocks.count { $0.status == .passed }
        let failing = report.blocks.count { !$0.status.isSuccess }
        let summary = HTML.element(
            "dl", ["class": "summary"],
            [
                item("代码块", "\(report.blocks.count)"),
                item("已验证", "\(verified)"),
                item("未通过", "\(failing)"),
                item("Swift 工具链", site.toolchain),
            ])
        let chapters = documents.map { document -> HTML in
            let blocks = report.blocks.filter { $0.path == document.path }
            let counts = CheckStatus.allCases.compactMap { status -> String? in
                let count = blocks.count { $0.status == status }
                return count > 0 ? "\(count) \(StatusLabel.text(status).chinese)" : nil
            }
            return .element(
                "li", [:],
                [
                    .element("a", ["href": URLPath.href(document.pageName)], text: document.title ?? document.pageName),
                    .element(
                        "span", ["class": "chapter-counts"],
                        text: blocks.isEmpty ? "没有代码块" : "\(blocks.count) 个代码块：" + counts.joined(separator: "，")),
                ])
        }
        let pages = Dictionary(documents.map { ($0.path, $0.pageName) }, uniquingKeysWith: { first, _ in first })
        let rows = report.blocks.map { block -> HTML in
            let page = pages[block.path] ?? "index.html"
            return .element(
                "tr", [:],
                [
                    .element(
                        "td", [:],
                        .element(
                            "a", ["href": URLPath.href(page, fragment: "block.\(block.ordinal)")],
                            text: "\(block.ordinal)")),
                    .element("td", [:], text: block.section ?? "—"),
                    .element(
                        "td", [:],
                        .element(
                            "code",
                            text: block.examples.isEmpty ? "—" : block.examples.map(\.id).joined(separator: ", "))),
                    .element("td", [:], StatusLabel.badge(block.status)),
                ])
        }
        let otherProblems = report.diagnostics.filter { $0.severity == .error }
        var main: [HTML] = [
            .element("h1", [:], text: site.title),
            .element(
                "p", ["class": "lede"],
                text: "课程笔记原文，旁边是用 Swift 重写并真正运行过的代码：每个代码块的输出都是运行时捕获的，并按预期和笔记自己的说法检查过。笔记里的错误保留原样，在旁边指出。"),
            summary,
            .element("h2", [:], text: "章节"),
            .element("ul", ["class": "chapter-list"], chapters),
        ]
        if !otherProblems.isEmpty {
            main.append(
                .element(
                    "div", ["class": "callout callout-failed"],
                    [
                        .element("p", [:], text: "有些笔记文件无法处理："),
                        .element("ul", [:], otherProblems.map { .element("li", [:], text: $0.description) }),
                    ]))
        }
        main += [
            .element("h2", [:], text: "所有代码块"),
            .element(
                "div", ["class": "table-scroll", "tabindex": "0", "role": "region", "aria-label": "所有代码块"],
                .element(
                    "table", ["class": "blocks"],
                    [
                        .element(
                            "thead", [:],
                            .element(
                                "tr", [:],
                                ["#", "小节", "Swift 示例", "状态"].map { .element("th", ["scope": "col"], text: $0) })),
                        .element("tbody", [:], rows),
                    ])),
        ]
        return PageLayout.render(title: site.title, site: site, currentFile: "index.html", main: main.joined())
    }

    private static func item(_ term: String, _ value: String) -> HTML {
        .element("div", [:], [.element("dt", [:], text: term), .element("dd", [:], text: value)])
    }
}
