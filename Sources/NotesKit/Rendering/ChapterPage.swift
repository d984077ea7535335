/// One chapter page: the note's prose, and at each code block a pair of
/// columns. On the left, the text, the block's two verdicts, the notes'
/// code, how it ran as written, its errata, claims and probes; on the
/// right, the Swift port, its captured output and its deliberate changes.
enum ChapterPage {
    static func render(_ document: Document, views: [BlockView], site: SiteInfo, index: Int) -> String {
        var rows: [HTML] = []
        var pendingProse: [HTML] = []
        var remaining = views[...]

        func flushProse() {
            guard !pendingProse.isEmpty else { return }
            rows.append(
                .element("div", ["class": "pair pair-text-only"], .element("div", ["class": "pair-text"], pendingProse))
            )
            pendingProse = []
        }

        let title = document.title ?? document.pageName
        let hasTitle = document.headings.contains { $0.level == 1 }
        if !hasTitle {
            rows.append(.element("h1", ["class": "page-title"], text: title))
        }
        let anchors = LineAnchors(document, reports: views.map(\.report))
        // Notes often go from `#` straight to `###`; the page's outline
        // closes the gaps so that headings go down one level at a time.
        let used = Set(document.headings.map(\.level)).sorted()
        let outline = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0 + (hasTitle ? 1 : 2)) })
        for (index, item) in document.blocks.enumerated() {
            let lines = anchors.lines(ofItem: index)
            switch item {
            case .heading(let heading):
                flushProse()
                if !lines.isEmpty { rows.append(LineAnchors.anchors(lines)) }
                rows.append(headingHTML(heading, level: outline[heading.level] ?? heading.level))
            case .prose(let prose):
                pendingProse.append(LineAnchors.anchors(lines) + .trusted(prose.html))
            case .code(let code):
                let (ids, rest) = code.nested ? ([:], lines) : LineAnchors.split(lines, code: code)
                guard let view = remaining.first, view.bound.block == code else {
                    pendingProse.append(LineAnchors.anchors(rest) + codeFigure(code, path: document.path, lineIDs: ids))
                    continue
                }
                remaining = remaining.dropFirst()
                let links = BlockLinks(page: "", ordinal: view.bound.ordinal, anchoredLines: anchors.lines)
                var left = pendingProse
                pendingProse = []
                left.append(ReviewView.verdicts(view.report))
                left.append(LineAnchors.anchors(rest))
                if !code.nested { left.append(codeFigure(code, path: document.path, lineIDs: ids)) }
                left.append(ReviewView.left(view.report, links: links))
                rows.append(
                    .element(
                        "div", ["class": "pair", "id": "block.\(view.bound.ordinal)"],
                        [
                            .element("div", ["class": "pair-text"], left),
                            .element("div", ["class": "pair-code"], BlockPanel.render(view, links: links)),
                        ]))
            }
        }
        flushProse()
        return PageLayout.render(
            title: title, site: site, currentFile: document.pageName,
            main: rows.joined(), pager: PageLayout.pager(site: site, index: index))
    }

    static func headingHTML(_ heading: Heading, level: Int) -> HTML {
        let level = min(max(level, 1), 6)
        return .element(
            "h\(level)", ["id": heading.anchor, "class": "section-heading"],
            [
                .element(
                    "a",
                    [
                        "class": "anchor", "href": URLPath.href("", fragment: heading.anchor),
                        "aria-label": "本节链接：\(heading.text)",
                    ], text: "#"),
                HTML(escaping: heading.text),
            ])
    }

    /// The note's own code, highlighted, with where it is in the note.
    static func codeFigure(_ code: CodeBlock, path: String, lineIDs: [Int: String] = [:]) -> HTML {
        let language =
            code.language.isEmpty
            ? "代码" : (code.language == "python" || code.language == "py" ? "Python" : code.language)
        return BlockPanel.figure(
            caption: [
                HTML(escaping: "笔记原文 · \(language) · "),
                .element("span", ["class": "path"], text: "\(path):\(code.line)"),
            ],
            pre: CodeHighlighter.html(code.code, language: code.language, lineIDs: lineIDs),
            cssClass:
                "code code-\(code.language.isEmpty ? "plain" : code.language.filter { $0.isLetter || $0.isNumber })",
            label: "\(language) 原文")
    }
}
