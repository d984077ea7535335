/// One chapter page: the note's prose, and at each code block a pair of
/// columns, the text and the original code on the left, the Swift port and
/// its captured output on the right.
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
        // Notes often go from `#` straight to `###`; the page's outline
        // closes the gaps so that headings go down one level at a time.
        let used = Set(document.headings.map(\.level)).sorted()
        let outline = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0 + (hasTitle ? 1 : 2)) })
        for item in document.blocks {
            switch item {
            case .heading(let heading):
                flushProse()
                rows.append(headingHTML(heading, level: outline[heading.level] ?? heading.level))
            case .prose(let prose):
                pendingProse.append(.trusted(prose.html))
            case .code(let code):
                guard let view = remaining.first, view.bound.block == code else {
                    pendingProse.append(codeFigure(code, path: document.path))
                    continue
                }
                remaining = remaining.dropFirst()
                var left = pendingProse
                pendingProse = []
                if !code.nested { left.append(codeFigure(code, path: document.path)) }
                rows.append(
                    .element(
                        "div", ["class": "pair", "id": "block.\(view.bound.ordinal)"],
                        [
                            .element("div", ["class": "pair-text"], left),
                            .element("div", ["class": "pair-code"], BlockPanel.render(view)),
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
    static func codeFigure(_ code: CodeBlock, path: String) -> HTML {
        let language =
            code.language.isEmpty
            ? "代码" : (code.language == "python" || code.language == "py" ? "Python" : code.language)
        return BlockPanel.figure(
            caption: [
                HTML(escaping: "\(language) · "), .element("span", ["class": "path"], text: "\(path):\(code.line)"),
            ],
            pre: CodeHighlighter.html(code.code, language: code.language),
            cssClass:
                "code code-\(code.language.isEmpty ? "plain" : code.language.filter { $0.isLetter || $0.isNumber })",
            label: "\(language) 原文")
    }
}
