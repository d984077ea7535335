import Foundation

/// One chapter page: the note's prose, and at each code block a pair of
/// columns. On the left, the text, the block's two verdicts, the notes'
/// code, how it ran as written, its errata, claims and probes; on the
/// right, the Swift port, its captured output and its deliberate changes.
enum ChapterPage {
    /// The page, in pieces (``PageLayout/page(title:site:currentFile:main:pager:scripts:)``).
    static func render(_ document: Document, views: [BlockView], site: SiteInfo, index: Int) -> [SiteFile.Piece] {
        var rows: [Row] = []
        // Each block's pair of columns is rendered later, all of them on
        // every core: one note may hold thousands of blocks.
        var pairs: [@Sendable () -> HTML] = []
        var pendingProse: [HTML] = []
        var remaining = views[...]

        func flushProse() {
            guard !pendingProse.isEmpty else { return }
            rows.append(
                .ready(
                    .element(
                        "div", ["class": "pair pair-text-only"], .element("div", ["class": "pair-text"], pendingProse)))
            )
            pendingProse = []
        }

        let title = document.displayTitle
        // The first heading, whatever its level, is the page's title and
        // its <h1>; a note with no heading gets one from its file name.
        let hasTitle = document.title != nil
        if !hasTitle {
            rows.append(.ready(.element("h1", ["class": "page-title"], text: title)))
        }
        let anchors = LineAnchors(document, views: views)
        // Notes often go from `#` straight to `###`; the page's outline
        // closes the gaps so that headings go down one level at a time.
        let used = Set(document.headings.map(\.level)).sorted()
        let outline = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0 + (hasTitle ? 1 : 2)) })
        let path = document.path
        for (index, item) in document.blocks.enumerated() {
            let lines = anchors.lines(ofItem: index)
            switch item {
            case .heading(let heading):
                flushProse()
                if !lines.isEmpty { rows.append(.ready(LineAnchors.anchors(lines))) }
                rows.append(.ready(headingHTML(heading, level: outline[heading.level] ?? heading.level)))
            case .prose(let prose):
                pendingProse.append(LineAnchors.anchors(lines) + .trusted(prose.html))
            case .code(let code):
                let (ids, rest) = code.nested ? ([:], lines) : LineAnchors.split(lines, code: code)
                guard let view = remaining.first, view.bound.block == code else {
                    pendingProse.append(LineAnchors.anchors(rest) + codeFigure(code, path: path, lineIDs: ids))
                    continue
                }
                remaining = remaining.dropFirst()
                let links = BlockLinks(page: "", ordinal: view.bound.ordinal, anchoredLines: anchors.lines)
                let prose = pendingProse
                pendingProse = []
                rows.append(.pair(pairs.count))
                pairs.append {
                    var left = prose
                    left.append(ReviewView.verdicts(view.report))
                    left.append(LineAnchors.anchors(rest))
                    if !code.nested { left.append(codeFigure(code, path: path, lineIDs: ids)) }
                    left.append(ReviewView.left(view.report, links: links))
                    return .element(
                        "div", ["class": "pair", "id": "block.\(view.bound.ordinal)"],
                        [
                            .element("div", ["class": "pair-text"], left),
                            .element("div", ["class": "pair-code"], BlockPanel.render(view, links: links)),
                        ])
                }
            }
        }
        flushProse()
        let jobs = pairs.count > 64 ? Parallel.processors : 1
        let work = pairs
        let rendered = Parallel.map(work.count, jobs: jobs) { work[$0]() }
        let main = rows.map { row in
            switch row {
            case .ready(let html): html
            case .pair(let number): rendered[number]
            }
        }
        return PageLayout.page(
            title: title, site: site, currentFile: document.pageName,
            main: main, pager: PageLayout.pager(site: site, index: index))
    }

    /// A piece of the page, in order: made, or the number of a block's pair still to render.
    private enum Row {
        case ready(HTML)
        case pair(Int)
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
        // The info string's other words (`ignore`, `does_not_compile`) as small tags.
        let tags = code.attributes.map { HTML.element("span", ["class": "info-tag"], text: $0) }
        return BlockPanel.figure(
            caption: [HTML(escaping: "笔记原文 · \(language) · ")] + tags
                + [.element("span", ["class": "path"], text: "\(path):\(code.line)")],
            pre: CodeHighlighter.html(code.code, language: code.language, lineIDs: lineIDs),
            cssClass:
                "code code-\(code.language.isEmpty ? "plain" : code.language.filter { $0.isLetter || $0.isNumber })",
            label: "\(language) 原文")
    }
}
