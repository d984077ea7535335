import ExampleKit

/// How a verdict reads on the site: a symbol and Chinese words, never
/// colour alone. Colour follows what is true: green only for what was
/// shown to hold, amber for a fault of the notes that a review expected,
/// red for what nobody expected.
enum StatusLabel {
    /// The colour family of a label; the CSS class is `tone-<rawValue>`.
    enum Tone: String {
        case ok, bad, warn, none, time, info
    }

    // MARK: - The Swift verdict

    static func text(_ status: CheckStatus) -> (symbol: String, chinese: String) {
        switch status {
        case .passed: ("✓", "已验证")
        case .failed: ("✗", "未通过")
        case .timeout: ("⏱", "超时")
        case .crashed: ("✗", "崩溃")
        case .stale: ("⚠", "已过期")
        case .unmapped: ("∅", "未移植")
        case .waived: ("–", "无需移植")
        }
    }

    /// The Swift verdict of a block or an example: made once per status, as every block shows one.
    static func badge(_ status: CheckStatus) -> HTML {
        SharedFragments.fragment("badge swift \(status.rawValue)") {
            let label = text(status)
            return pill(symbol: label.symbol, words: label.chinese, cssClass: "badge badge-\(status.rawValue)")
        }
    }

    // MARK: - The notes' own code

    static func text(_ status: OriginalStatus) -> (symbol: String, chinese: String) {
        switch status {
        case .crashed: ("✗", "崩溃")
        case .neverEnds: ("∞", "永不结束")
        case .noOutput: ("∅", "没有输出")
        case .differs: ("≠", "与笔记所说不符")
        case .asClaimed: ("✓", "与笔记所说一致")
        case .notRun: ("–", "没有运行")
        }
    }

    /// Green only when the code did what the notes say; a fault an erratum
    /// (or a refuted claim) predicts is amber, one nobody predicted red.
    static func tone(_ original: OriginalReport) -> Tone {
        switch original.status {
        case .asClaimed: .ok
        case .notRun: .none
        case .crashed, .neverEnds, .noOutput, .differs: original.expected ? .warn : .bad
        }
    }

    /// The words after the status: whether the review predicted it.
    static func qualifier(_ original: OriginalReport) -> String? {
        switch original.status {
        case .asClaimed, .notRun: nil
        case .crashed, .neverEnds, .noOutput: original.expected ? "与勘误一致" : "勘误没有提到"
        case .differs: original.expected ? "与审阅一致" : "与审阅不符"
        }
    }

    /// The verdict on the notes' code as written. It depends on the status
    /// and on whether a review expected it, and is made once for each.
    static func badge(_ original: OriginalReport) -> HTML {
        SharedFragments.fragment("badge python \(original.status.rawValue) \(original.expected)") {
            let label = text(original.status)
            var words = label.chinese
            if let qualifier = qualifier(original) { words += " · " + qualifier }
            return pill(
                symbol: label.symbol, words: words,
                cssClass: "badge badge-python python-\(original.status.rawValue) tone-\(tone(original).rawValue)")
        }
    }

    // MARK: - Errata and claims

    static func text(_ kind: Erratum.Kind) -> String {
        switch kind {
        case .crash: "崩溃"
        case .neverEnds: "永不结束"
        case .noOutput: "没有输出"
        case .wrongClaim: "说法不对"
        case .typo: "拼写错误"
        case .misleadingProse: "容易误导的说法"
        case .deviation: "移植的改动"
        }
    }

    /// The kind of an erratum, as a tag; a deviation of the port reads as a note, not an error.
    static func tag(_ kind: Erratum.Kind) -> HTML {
        .element(
            "span", ["class": "kind kind-\(kind.rawValue)"],
            [
                .element("span", ["aria-hidden": "true"], text: kind == .deviation ? "ℹ " : "✎ "),
                HTML(escaping: text(kind)),
            ])
    }

    /// Which run something is checked against: 原代码, 探针 name, Swift 示例 id.
    static func runName(_ kind: RunKind, _ name: String?) -> String {
        switch kind {
        case .python: "原代码"
        case .probe: "探针 \(name ?? "")"
        case .swift: "Swift 示例 \(name ?? "")"
        }
    }

    /// A symbol hidden from screen readers, then words, in a coloured pill.
    static func pill(symbol: String, words: String, cssClass: String) -> HTML {
        .element(
            "span", ["class": cssClass],
            [.element("span", ["aria-hidden": "true"], text: symbol + " "), HTML(escaping: words)])
    }

    /// A symbol and words in a coloured line, for a check under an erratum or a claim.
    static func mark(symbol: String, words: String, tone: Tone) -> HTML {
        .element(
            "span", ["class": "mark tone-\(tone.rawValue)"],
            [.element("span", ["aria-hidden": "true"], text: symbol + " "), HTML(escaping: words)])
    }
}
