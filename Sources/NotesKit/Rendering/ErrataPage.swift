import ExampleKit

/// The errata page: every erratum of the notes, chapter by chapter and
/// block by block, with its kind, the line it concerns and how it was
/// checked; counts by kind at the top.
enum ErrataPage {

    /// The errata page's id for a block's group.
    static func groupID(_ ordinal: Int) -> String { "errata.block.\(ordinal)" }

    static func render(site: SiteInfo, documents: [Document], report: CheckReport) -> String {
        let all = report.blocks.indices.flatMap { report.blocks[$0].errata }  // by index: reports are large
        var main: [HTML] = [
            .element("h1", [:], text: "勘误"),
            .element(
                "p", ["class": "lede"],
                text: "审阅者在笔记里找到的问题，按章节和代码块列出。每一条都注明怎样核实：由哪一次运行证实（笔记原代码、加了几行的探针，或 Swift 示例），"
                    + "或者为什么没有运行能核实它。「移植的改动」不是笔记的错误，而是 Swift 移植有意和笔记不同的地方。"),
        ]
        main.append(all.isEmpty ? .element("p", [:], text: "这份笔记还没有勘误。") : counts(all))
        // By index, and a note's reports gathered only if it has errata: a course has thousands of blocks.
        let byNote = Dictionary(grouping: report.blocks.indices, by: { report.blocks[$0].path })
        for document in documents {
            let indices = byNote[document.path] ?? []
            guard indices.contains(where: { !report.blocks[$0].errata.isEmpty }) else { continue }
            let own = indices.map { report.blocks[$0] }
            let blocks = own.filter { !$0.errata.isEmpty }
            let anchors = LineAnchors(document, reports: own)
            main.append(
                .element(
                    "h2", [:],
                    .element("a", ["href": URLPath.href(document.pageName)], text: document.displayTitle)
                ))
            for block in blocks {
                let links = BlockLinks(page: document.pageName, ordinal: block.ordinal, anchoredLines: anchors.lines)
                let title = HTML.element(
                    "a", ["href": links.block], text: "代码块 \(block.ordinal)" + (block.section.map { " · \($0)" } ?? ""))
                main.append(
                    .element(
                        "div", ["class": "errata-group", "id": groupID(block.ordinal)],
                        [
                            .element("h3", [:], title),
                            ReviewView.verdictList(block),
                            .element(
                                "ul", ["class": "errata-list"],
                                block.errata.enumerated().map {
                                    ReviewView.erratum($0.element, index: $0.offset, links: links, withID: false)
                                }),
                        ]))
            }
        }
        return PageLayout.render(title: "勘误", site: site, currentFile: SiteMap.errata, main: main)
    }

    /// How many errata of each kind, and how they were checked.
    static func counts(_ errata: [ErratumReport]) -> HTML {
        var kinds: [HTML] = []
        for kind in Erratum.Kind.allCases {
            let count = errata.count { $0.kind == kind }
            guard count > 0 else { continue }
            kinds.append(
                .element(
                    "div", [:], [.element("dt", [:], StatusLabel.tag(kind)), .element("dd", [:], text: "\(count)")]))
        }
        let checks: [(String, String, StatusLabel.Tone, Int)] = [
            ("✓", "已由运行证实", .ok, errata.count { $0.holds == true }),
            ("✗", "不再成立", .bad, errata.count { $0.holds == false }),
            ("–", "无法由运行核实", .none, errata.count { $0.against == nil }),
            ("–", "没有核实（没有运行）", .none, errata.count { $0.against != nil && $0.holds == nil }),
        ]
        let checkItems = checks.filter { $0.3 > 0 }.map { symbol, words, tone, count in
            HTML.element(
                "div", [:],
                [
                    .element("dt", [:], StatusLabel.mark(symbol: symbol, words: words, tone: tone)),
                    .element("dd", [:], text: "\(count)"),
                ])
        }
        return .element(
            "div", ["class": "errata-counts"],
            [
                .element("p", ["class": "counts-title"], text: "共 \(errata.count) 条，按种类："),
                .element("dl", ["class": "counts"], kinds),
                .element("p", ["class": "counts-title"], text: "按核实结果："),
                .element("dl", ["class": "counts"], checkItems),
            ])
    }
}
