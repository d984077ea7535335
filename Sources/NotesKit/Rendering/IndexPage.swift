import ExampleKit

/// The front page: what the site is, both verdicts counted (the Swift
/// ports and the notes' own Python), the errata, and the chapters with
/// their blocks.
enum IndexPage {
    /// Up to this many blocks, the index tables them all; beyond, only
    /// the first this many that did not pass.
    static let tableLimit = 300

    static func render(site: SiteInfo, documents: [Document], report: CheckReport) -> String {
        // Counted in one pass by index, reading fields in place: a report
        // is large, and a note may hold 100,000 of them.
        var errata = 0
        var deviations = 0
        var reviewFailed = 0
        var needingWork = 0
        var ported = false
        for index in report.blocks.indices {
            errata += report.blocks[index].errata.count
            deviations += report.blocks[index].errata.count { $0.kind == .deviation }
            let (status, swiftStatus) = (report.blocks[index].status, report.blocks[index].swiftStatus)
            if !status.isSuccess { needingWork += 1 }
            if !status.isSuccess, swiftStatus.isSuccess { reviewFailed += 1 }
            if !report.blocks[index].examples.isEmpty { ported = true }
        }
        var cards: [HTML] = [
            card("代码块", [.element("p", ["class": "big"], text: "\(report.blocks.count)")]),
            card("Swift 移植", swiftCounts(report.blocks).map { .element("p", [:], $0) }),
        ]
        let python = pythonCounts(report.blocks)
        if !python.isEmpty {
            cards.append(card("笔记原代码", python.map { .element("p", [:], $0) }, wide: true))
        }
        cards.append(
            card(
                "勘误",
                [
                    .element(
                        "p", ["class": "big"], .element("a", ["href": SiteMap.errata], text: "\(errata) 条")),
                    .element(
                        "p", ["class": "card-note"],
                        text: "\(errata - deviations) 条是笔记的问题，\(deviations) 条是移植的改动"),
                ]))
        if reviewFailed > 0 {
            cards.append(
                card(
                    "审阅的检查",
                    [
                        .element(
                            "p", [:],
                            StatusLabel.mark(symbol: "✗", words: "\(reviewFailed) 个代码块没有通过", tone: .bad))
                    ]))
        }
        let summary = HTML.element("dl", ["class": "summary"], cards)

        // By index: a report is large, and a course has thousands of them.
        let byNote = Dictionary(grouping: report.blocks.indices, by: { report.blocks[$0].path })
        let chapters = documents.map { document -> HTML in
            let indices = byNote[document.path] ?? []
            var counts = ["\(indices.count) 个代码块"]
            if !indices.isEmpty {
                // One pass, reading fields in place: a note may hold 100,000 blocks.
                var swift: [CheckStatus: Int] = [:]
                var python: [OriginalStatus: Int] = [:]
                var errata = 0
                for index in indices {
                    swift[report.blocks[index].swiftStatus, default: 0] += 1
                    if let status = report.blocks[index].original?.status { python[status, default: 0] += 1 }
                    errata += report.blocks[index].errata.count
                }
                counts.append(
                    "Swift："
                        + countText(CheckStatus.allCases.map { (StatusLabel.text($0).chinese, swift[$0] ?? 0) }))
                if !python.isEmpty {
                    counts.append(
                        "原代码："
                            + countText(OriginalStatus.allCases.map { (StatusLabel.text($0).chinese, python[$0] ?? 0) })
                    )
                }
                if errata > 0 { counts.append("勘误 \(errata) 条") }
            }
            return .element(
                "li", [:],
                [
                    .element("a", ["href": URLPath.href(document.pageName)], text: document.displayTitle),
                    .element(
                        "span", ["class": "chapter-counts"],
                        text: indices.isEmpty ? "没有代码块" : counts.joined(separator: " · ")),
                ])
        }
        let pages = Dictionary(documents.map { ($0.path, $0.pageName) }, uniquingKeysWith: { first, _ in first })
        // A course of thousands of blocks gets no table of them all (its
        // chapter pages have each block): only those that did not pass.
        let large = report.blocks.count > Self.tableLimit
        let tabled = Array(report.blocks.lazy.filter { !large || !$0.status.isSuccess }.prefix(Self.tableLimit))
        let rows = tabled.map { block -> HTML in
            let page = pages[block.path] ?? SiteMap.index
            var python: [HTML] = [block.original.map(StatusLabel.badge) ?? HTML(escaping: "—")]
            if !block.status.isSuccess, block.swiftStatus.isSuccess {
                python += [HTML.void("br", [:]), StatusLabel.mark(symbol: "✗", words: "审阅的检查没有通过", tone: .bad)]
            }
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
                    .element("td", [:], StatusLabel.badge(block.swiftStatus)),
                    .element("td", [:], python),
                    .element(
                        "td", [:],
                        block.errata.isEmpty
                            ? HTML(escaping: "—")
                            : .element(
                                "a",
                                ["href": URLPath.href(SiteMap.errata, fragment: ErrataPage.groupID(block.ordinal))],
                                text: "\(block.errata.count) 条")),
                ])
        }
        let otherProblems = report.diagnostics.filter { $0.severity == .error }
        var main: [HTML] = [
            .element("h1", [:], text: site.title),
            site.description.map { .element("p", ["class": "lede"], text: $0) } ?? .empty,
            .element("p", ["class": "lede"], text: lede(report, ported: ported)),
        ]
        if ported {
            main.append(
                .element(
                    "p", ["class": "lede"],
                    [
                        HTML(escaping: "移植里所有 sleep 都缩短为 0.1 倍（笔记的 "), .element("code", text: "sleep(2)"),
                        HTML(escaping: " 在 Swift 里只等 0.2 秒），笔记原代码的 sleep 保持原样。笔记里的错误保留原样，在旁边指出，也汇总在"),
                        .element("a", ["href": SiteMap.errata], text: "勘误"), HTML(escaping: "页。"),
                    ]))
        }
        main += [
            summary,
            .element("h2", ["id": PageIDs.chapterList], text: "章节"),
            .element("ul", ["class": "chapter-list"], chapters + [errataItem(errata)]),
        ]
        if !otherProblems.isEmpty {
            main.append(
                .element(
                    "div", ["class": "callout callout-failed"],
                    [
                        .element("p", [:], text: "有些笔记文件无法处理："),
                        .element("ul", ["lang": "en"], otherProblems.map { .element("li", [:], text: $0.description) }),
                    ]))
        }
        let tableTitle = large ? "没有通过的代码块" : "所有代码块"
        main.append(.element("h2", [:], text: tableTitle))
        if large {
            let shown =
                needingWork == 0
                ? "全部 \(report.blocks.count) 个代码块都通过了。"
                : needingWork > rows.count
                    ? "下表列出其中没有通过的前 \(rows.count) 个（共 \(needingWork) 个）。"
                    : "下表列出其中没有通过的 \(needingWork) 个。"
            main.append(
                .element("p", [:], text: "这门课有 \(report.blocks.count) 个代码块，每一块的结果都在它所在章节的页面上。" + shown))
        }
        if !rows.isEmpty {
            main.append(
                .element(
                    "div", ["class": "table-scroll", "tabindex": "0", "role": "region", "aria-label": tableTitle],
                    .element(
                        "table", ["class": "blocks"],
                        [
                            .element(
                                "thead", [:],
                                .element(
                                    "tr", [:],
                                    ["#", "小节", "Swift 示例", "Swift 移植", "笔记原代码", "勘误"].map {
                                        .element("th", ["scope": "col"], text: $0)
                                    })),
                            .element("tbody", [:], rows),
                        ])))
        }
        return PageLayout.render(title: site.title, site: site, currentFile: SiteMap.index, main: main)
    }

    private static func errataItem(_ count: Int) -> HTML {
        .element(
            "li", [:],
            [
                .element("a", ["href": SiteMap.errata], text: "勘误"),
                .element("span", ["class": "chapter-counts"], text: "\(count) 条，按章节和代码块列出"),
            ])
    }

    /// `12 已验证` and the like, one per Swift status that occurs.
    static func swiftCounts(_ blocks: [BlockReport]) -> [HTML] {
        var counts: [CheckStatus: Int] = [:]
        for index in blocks.indices { counts[blocks[index].swiftStatus, default: 0] += 1 }
        return CheckStatus.allCases.compactMap { status in
            let count = counts[status] ?? 0
            guard count > 0 else { return nil }
            let label = StatusLabel.text(status)
            return StatusLabel.pill(
                symbol: label.symbol, words: "\(count) \(label.chinese)",
                cssClass: "badge count badge-\(status.rawValue)")
        }
    }

    /// `4 与笔记所说一致`, `2 崩溃 · 与勘误一致` and the like, for blocks whose code has a verdict.
    static func pythonCounts(_ blocks: [BlockReport]) -> [HTML] {
        // Counted in one pass, each kind's first report kept for its words and tone.
        var counts: [OriginalStatus: [Bool: (count: Int, first: OriginalReport)]] = [:]
        for index in blocks.indices {
            guard let status = blocks[index].original?.status, let expected = blocks[index].original?.expected
            else { continue }
            if let seen = counts[status]?[expected] {
                counts[status, default: [:]][expected] = (seen.count + 1, seen.first)
            } else if let original = blocks[index].original {
                counts[status, default: [:]][expected] = (1, original)
            }
        }
        var lines: [HTML] = []
        for status in OriginalStatus.allCases {
            for expected in [true, false] {
                guard let (count, first) = counts[status]?[expected] else { continue }
                let label = StatusLabel.text(status)
                var words = "\(count) \(label.chinese)"
                if let qualifier = StatusLabel.qualifier(first) { words += " · \(qualifier)" }
                lines.append(
                    StatusLabel.pill(
                        symbol: label.symbol, words: words,
                        cssClass: "badge count tone-\(StatusLabel.tone(first).rawValue)"))
            }
        }
        return lines
    }

    /// `6 已验证，1 未通过`, leaving out what does not occur.
    private static func countText(_ counts: [(words: String, count: Int)]) -> String {
        counts.filter { $0.count > 0 }.map { "\($0.count) \($0.words)" }.joined(separator: "，")
    }

    private static func card(_ term: String, _ values: [HTML], wide: Bool = false) -> HTML {
        .element(
            "div", ["class": wide ? "card-wide" : nil], [.element("dt", [:], text: term), .element("dd", [:], values)])
    }

    /// What the site is, saying only what really ran: someone else's notes,
    /// with no ports and nothing run, get no claim of either.
    /// - Parameter ported: Whether any block has a port.
    static func lede(_ report: CheckReport, ported: Bool) -> String {
        let pythonRan = report.blocks.indices.contains {
            report.blocks[$0].original.map { $0.status != .notRun } ?? false
        }
        var text =
            ported
            ? "课程笔记原文，旁边是用 Swift 重写并真正运行过的代码。"
            : "课程笔记原文。这些代码块还没有 Swift 移植，每一块的状态都在它旁边标出。"
        text +=
            pythonRan
            ? "笔记里的 Python 也按原样运行过：它崩溃、永不结束或什么也不打印的地方，页面都如实标出，并用勘误解释。"
            : "笔记里的代码这次没有运行（只有登记了审阅的代码块会运行，--no-python 则都不运行）。"
        if ported || pythonRan { text += "页面上的输出都是运行时捕获的，并按预期和笔记自己的说法检查过。" }
        return text
    }
}
