/// The ids the site gives its own elements.
///
/// Each contains a dot, which a heading's anchor never does (``Slugger``
/// drops punctuation), so a note's `## main` or `## site-search` can never
/// collide with them. Block, line, erratum and probe anchors follow the same
/// rule (`block.3`, `line.42`).
enum PageIDs {
    /// The page's `<main>`, the skip link's target.
    static let main = "page.main"
    /// The chapter list on the index, which every page's header links to.
    static let chapterList = "site.chapters"
    /// The header's search box.
    static let siteSearch = "site.search"
    /// The search page's box, status line and result list, which
    /// `assets/search.js` finds by these ids.
    static let searchQuery = "search.query"
    static let searchStatus = "search.status"
    static let searchResults = "search.results"
}
