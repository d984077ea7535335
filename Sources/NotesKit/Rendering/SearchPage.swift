/// The search page: a form, and results filled in by `assets/search.js`
/// from the index in `search/`, all from file://. The page loads only
/// `search/index.js`, a few numbers; search.js adds the shards a query needs.
enum SearchPage {
    static func render(site: SiteInfo) -> String {
        let main: [HTML] = [
            .element("h1", [:], text: "搜索"),
            .element(
                "form", ["class": "search-page-form", "action": SiteMap.search, "method": "get", "role": "search"],
                [
                    .element("label", ["for": PageIDs.searchQuery], text: "搜索笔记、Python 和 Swift 代码"),
                    .void("input", ["id": PageIDs.searchQuery, "type": "search", "name": "q", "autocomplete": "off"]),
                    .element("button", ["type": "submit"], text: "搜索"),
                ]),
            .element("p", ["id": PageIDs.searchStatus, "class": "search-status", "aria-live": "polite"], text: ""),
            .element("ol", ["id": PageIDs.searchResults, "class": "search-results"], []),
            .element("noscript", [:], .element("p", [:], text: "搜索需要 JavaScript；其余页面不需要。")),
        ]
        return PageLayout.render(
            title: "搜索", site: site, currentFile: SiteMap.search, main: main,
            scripts: [SiteMap.searchFolder + "/index.js", SiteMap.searchScript])
    }
}
