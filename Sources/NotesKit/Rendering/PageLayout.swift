/// The frame every page shares: head, header with chapters and search,
/// the main content, previous/next links and a footer.
enum PageLayout {
    static func render(
        title: String, site: SiteInfo, currentFile: String, main: [HTML],
        pager: HTML = .empty, scripts: [String] = []
    ) -> String {
        var bytes: [UInt8] = []
        for piece in page(
            title: title, site: site, currentFile: currentFile, main: main, pager: pager, scripts: scripts)
        {
            piece.withBytes { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The page in pieces: the frame before the main content, each piece of
    /// `main` as it was made, and the frame after. `main` may be hundreds
    /// of megabytes (a note of 100,000 blocks): it is written piece by
    /// piece, never joined into one buffer.
    static func page(
        title: String, site: SiteInfo, currentFile: String, main: [HTML],
        pager: HTML = .empty, scripts: [String] = []
    ) -> [SiteFile.Piece] {
        let head = HTML.element(
            "head", [:],
            [
                .void("meta", ["charset": "utf-8"]),
                .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                .void("meta", ["name": "color-scheme", "content": "light dark"]),
                site.description.map { .void("meta", ["name": "description", "content": $0]) } ?? .empty,
                .element("title", text: title == site.title ? title : "\(title) · \(site.title)"),
                .void("link", ["rel": "stylesheet", "href": SiteMap.stylesheet]),
            ])
        // A compact navigation, the same size however many chapters there
        // are: the full list lives on the index, and chapter pages add
        // their place in it and links to their neighbours (the pager).
        var links: [HTML] = [
            .element(
                "a",
                ["href": URLPath.href(SiteMap.index, fragment: PageIDs.chapterList)],
                text: "目录（\(site.chapters.count) 章）"),
            .element(
                "a",
                ["href": URLPath.href(SiteMap.errata), "aria-current": currentFile == SiteMap.errata ? "page" : nil],
                text: "勘误"),
        ]
        if let place = site.chapters.firstIndex(where: { $0.file == currentFile }) {
            links.insert(
                .element("span", ["aria-current": "page"], text: "第 \(place + 1) 章：\(site.chapters[place].title)"),
                at: 1)
        }
        let chapters = links.map { HTML.element("li", [:], $0) }
        let header = HTML.element(
            "header", ["class": "site-header"],
            [
                .element(
                    "a",
                    [
                        "class": "brand", "href": SiteMap.index,
                        "aria-current": currentFile == SiteMap.index ? "page" : nil,
                    ], text: site.title),
                .element("nav", ["class": "chapters", "aria-label": "目录和勘误"], .element("ul", [:], chapters)),
                .element(
                    "form", ["class": "search-form", "action": SiteMap.search, "method": "get", "role": "search"],
                    [
                        .element("label", ["for": PageIDs.siteSearch, "class": "visually-hidden"], text: "搜索笔记"),
                        .void(
                            "input",
                            [
                                "id": PageIDs.siteSearch, "type": "search", "name": "q", "placeholder": "搜索 线程池、Queue…",
                                "autocomplete": "off",
                            ]),
                        .element("button", ["type": "submit"], text: "搜索"),
                    ]),
            ])
        var footerLines: [HTML] = [
            .element(
                "p", [:],
                [
                    HTML(escaping: "由 "), .element("code", text: "notes build"),
                    HTML(escaping: " 生成：页面上的输出都是运行时捕获的；没有运行的代码，页面上都注明了。"),
                ]),
            site.hasPorts
                ? .element("p", [:], text: "移植里所有 sleep 都缩短为 0.1 倍；笔记原代码的 sleep 保持原样（探针另有说明）。") : .empty,
            .element("p", [:], text: "Swift 工具链：\(site.toolchain)"),
        ]
        if let date = site.buildDate { footerLines.append(.element("p", [:], text: "构建于 \(date)")) }
        let before: [HTML] = [
            .element("a", ["class": "skip-link", "href": "#" + PageIDs.main], text: "跳到正文"), header,
        ]
        let after: [HTML] =
            [pager, .element("footer", ["class": "site-footer"], footerLines)]
            + scripts.map { HTML.element("script", ["src": $0], []) }
        var opening = Array("<!DOCTYPE html>\n<html lang=\"zh-CN\">".utf8)
        opening += head.bytes
        opening += "<body>".utf8
        for part in before { opening += part.bytes }
        opening += "<main id=\"\(PageIDs.main)\">".utf8
        var closing = Array("</main>".utf8)
        for part in after { closing += part.bytes }
        closing += "</body></html>\n".utf8
        return [.bytes(opening)] + main.map { .bytes($0.bytes) } + [.bytes(closing)]
    }

    /// Links to the previous and next chapters.
    static func pager(site: SiteInfo, index: Int) -> HTML {
        var links: [HTML] = []
        if index > 0 {
            let previous = site.chapters[index - 1]
            links.append(
                .element(
                    "a", ["class": "pager-previous", "href": URLPath.href(previous.file), "rel": "prev"],
                    [
                        .element("span", ["class": "pager-label"], text: "上一章"), HTML(escaping: previous.title),
                    ]))
        }
        if index + 1 < site.chapters.count {
            let next = site.chapters[index + 1]
            links.append(
                .element(
                    "a", ["class": "pager-next", "href": URLPath.href(next.file), "rel": "next"],
                    [
                        .element("span", ["class": "pager-label"], text: "下一章"), HTML(escaping: next.title),
                    ]))
        }
        return links.isEmpty ? .empty : .element("nav", ["class": "pager", "aria-label": "上一章和下一章"], links)
    }
}
