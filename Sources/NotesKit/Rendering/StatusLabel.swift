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
        return .element(
            "span", ["class": "badge badge-\(status.rawValue)"],
            [
                .element("span", ["aria-hidden": "true"], text: label.symbol + " "),
                HTML(escaping: label.chinese + " "),
                .element("span", ["class": "badge-en", "lang": "en"], text: label.english),
            ])
    }
}
