/// What every page of the site knows: its title, its chapters, how it was built.
struct SiteInfo: Sendable {
    struct Chapter: Sendable {
        var title: String
        /// The page's file name, e.g. `01-communication.html`.
        var file: String
        /// The note it was made from, e.g. `notes/01-communication.md`.
        var source: String
    }

    var title: String
    var chapters: [Chapter]
    /// The Swift toolchain that built and ran the ports.
    var toolchain: String
    /// The build date, only when SOURCE_DATE_EPOCH sets it (builds are
    /// otherwise byte-for-byte reproducible).
    var buildDate: String?
}

/// How a check status reads on the site: a symbol and words, never colour alone.
enum StatusLabel {
    static func text(_ status: CheckStatus) -> (symbol: String, chinese: String, english: String) {
        switch status {
        case .passed: ("✓", "已验证", "verified")
        case .failed: ("✗", "未通过", "failed")
        case .timeout: ("⏱", "超时", "timed out")
        case .crashed: ("✗", "崩溃", "crashed")
        case .stale: ("⚠", "已过期", "stale")
        case .unmapped: ("∅", "未移植", "unmapped")
        case .waived: ("–", "无需移植", "waived")
        }
    }

    static func badge(_ status: CheckStatus) -> HTML {
        let label = text(status)
        return .element("span", ["class": "badge badge-\(status.rawValue)"], [
            .element("span", ["aria-hidden": "true"], text: label.symbol + " "),
            HTML(escaping: label.chinese + " "),
            .element("span", ["class": "badge-en", "lang": "en"], text: label.english),
        ])
    }
}
