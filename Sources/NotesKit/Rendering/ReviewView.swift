import ExampleKit

/// Where the parts of a block are on the site, for links from the block
/// itself (`page` empty) or from another page.
struct BlockLinks: Sendable {
    /// The chapter page's file name, or "" on the chapter page itself.
    var page: String
    var ordinal: Int
    /// The lines of the notes that have an anchor on the chapter page.
    var anchoredLines: Set<Int>

    var block: String { URLPath.href(page, fragment: "block.\(ordinal)") }

    func line(_ line: Int?) -> String? {
        guard let line, anchoredLines.contains(line) else { return nil }
        return URLPath.href(page, fragment: LineAnchors.id(line))
    }

    func probe(_ name: String) -> String { URLPath.href(page, fragment: Self.probeID(ordinal, name)) }

    static func probeID(_ ordinal: Int, _ name: String) -> String { "block.\(ordinal).probe.\(name)" }
}

/// What a review found in a block, for the left-hand column under the
/// notes' code: the two verdicts, how the code ran as written, the
/// errata, the notes' claims and the probes.
enum ReviewView {
    // MARK: - The two verdicts

    /// `笔记原代码 ✗ 崩溃 · 与勘误一致` and `Swift 移植 ✓ 已验证`, side by
    /// side; then, if the review's checks failed, why.
    static func verdicts(_ report: BlockReport) -> HTML {
        var parts: [HTML] = [verdictList(report)]
        let problems = problems(report)
        if !problems.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "callout callout-failed"],
                    [
                        .element("p", ["class": "callout-title"], text: "✗ 审阅的检查没有通过："),
                        .element("ul", [:], problems.map { .element("li", [:], text: $0) }),
                    ]))
        }
        return parts.joined()
    }

    /// The verdicts alone, as a description list.
    static func verdictList(_ report: BlockReport) -> HTML {
        var items: [HTML] = []
        if let original = report.original {
            items.append(
                SharedFragments.fragment("verdict python \(original.status.rawValue) \(original.expected)") {
                    .element(
                        "div", [:],
                        [.element("dt", [:], text: "笔记原代码"), .element("dd", [:], StatusLabel.badge(original))])
                })
        }
        items.append(
            SharedFragments.fragment("verdict swift \(report.swiftStatus.rawValue)") {
                .element(
                    "div", [:],
                    [.element("dt", [:], text: "Swift 移植"), .element("dd", [:], StatusLabel.badge(report.swiftStatus))])
            })
        if !report.status.isSuccess, report.swiftStatus.isSuccess {
            items.append(
                .element(
                    "div", [:],
                    [
                        .element("dt", [:], text: "审阅的检查"),
                        .element(
                            "dd", [:],
                            StatusLabel.pill(symbol: "✗", words: "未通过", cssClass: "badge badge-review tone-bad")),
                    ]))
        }
        return .element("dl", ["class": "verdicts", "aria-label": "代码块 \(report.ordinal) 的结论"], items)
    }

    /// Why the review's side of a block fails the check, in Chinese; empty when it does not.
    static func problems(_ report: BlockReport) -> [String] {
        var problems: [String] = []
        if let original = report.original, !original.expected {
            let words = StatusLabel.text(original.status).chinese
            problems.append(
                original.status == .differs
                    ? "笔记原代码的输出与笔记所说不符，但审阅认为笔记的说法成立。"
                    : "笔记原代码\(words)，但没有一条勘误这样说。")
        }
        for claim in report.claims where !claim.passed {
            if claim.line == nil {
                problems.append("审阅引用的「\(claim.quote)」不在这个代码块或它所在的小节里。")
            } else if claim.verdict == .holds {
                problems.append("笔记说「\(claim.quote)」：运行显示它成立，但审阅说它不成立。")
            } else {
                problems.append("笔记说「\(claim.quote)」：运行没有显示这一点（\(claim.evidence)）。")
            }
        }
        for erratum in report.errata {
            if erratum.line == nil {
                problems.append("一条「\(StatusLabel.text(erratum.kind))」勘误引用的文字不在这个代码块或它所在的小节里。")
            }
            if erratum.holds == false {
                problems.append(
                    "一条「\(StatusLabel.text(erratum.kind))」勘误不再成立：\(StatusLabel.runName(erratum.against ?? .python, erratum.againstName))的运行没有显示“\(erratum.evidence)”。"
                )
            }
        }
        return problems
    }

    // MARK: - The left-hand column

    /// Everything the review adds under the notes' code.
    static func left(_ report: BlockReport, links: BlockLinks) -> HTML {
        var parts: [HTML] = []
        if let original = report.original {
            parts.append(
                .element(
                    "div", ["class": "python-run"],
                    RunView.python(
                        run: original.run, notRunReason: original.notRunReason, original: original,
                        title: "笔记原代码的运行", who: "Python")))
        }
        let errata = report.errata.enumerated().filter { $0.element.kind != .deviation }
        if !errata.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "review-part"],
                    [
                        .element("p", ["class": "review-title"], text: "勘误（\(errata.count) 条）"),
                        .element(
                            "ul", ["class": "errata-list"],
                            errata.map { erratum($0.element, index: $0.offset, links: links) }),
                    ]))
        }
        if !report.claims.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "review-part"],
                    [
                        .element("p", ["class": "review-title"], text: "笔记的说法，逐条核对"),
                        .element("ul", ["class": "claim-list"], report.claims.map { claim($0, links: links) }),
                    ]))
        }
        if let original = report.original, !original.probes.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "review-part"],
                    [.element("p", ["class": "review-title"], text: "探针：在笔记代码前后加几行，看原代码没有打印的东西")]
                        + original.probes.map { probe($0, original: original, links: links) }))
        }
        return parts.isEmpty ? .empty : .element("div", ["class": "review"], parts)
    }

    /// The port's deliberate changes, for the Swift panel.
    static func deviations(_ report: BlockReport, links: BlockLinks) -> HTML {
        let deviations = report.errata.enumerated().filter { $0.element.kind == .deviation }
        guard !deviations.isEmpty else { return .empty }
        return .element(
            "div", ["class": "deviations"],
            [
                .element("p", ["class": "review-title"], text: "移植的改动（不是笔记的错误）"),
                .element(
                    "ul", ["class": "errata-list"],
                    deviations.map { erratum($0.element, index: $0.offset, links: links) }),
            ])
    }

    // MARK: - One erratum

    static func erratumID(_ ordinal: Int, _ index: Int) -> String { "block.\(ordinal).erratum.\(index + 1)" }

    /// An erratum: its kind, the line, the text, and what checked it.
    /// - Parameter withID: False on the errata page, where the id would repeat the chapter page's.
    static func erratum(_ erratum: ErratumReport, index: Int, links: BlockLinks, withID: Bool = true) -> HTML {
        var head: [HTML] = [StatusLabel.tag(erratum.kind), HTML(escaping: " ")]
        head.append(lineLink(erratum.line, links: links))
        var parts: [HTML] = [
            .element("p", ["class": "erratum-head"], head),
            .element("p", ["class": "erratum-zh"], InlineCode.html(erratum.zh)),
        ]
        if let en = erratum.en, !en.isEmpty {
            parts.append(.element("p", ["class": "secondary", "lang": "en"], InlineCode.html(en)))
        }
        parts.append(.element("p", ["class": "erratum-check"], check(erratum, links: links)))
        return .element(
            "li",
            [
                "class": "erratum erratum-\(erratum.kind.rawValue)",
                "id": withID ? erratumID(links.ordinal, index) : nil,
            ], parts)
    }

    /// ✓ 已由运行证实, ✗ 不再成立, or 无法由运行核实, with the run and its evidence.
    static func check(_ erratum: ErratumReport, links: BlockLinks) -> [HTML] {
        guard let against = erratum.against else {
            return [
                StatusLabel.mark(symbol: "–", words: "无法由运行核实", tone: .none),
                HTML(escaping: "：" + erratum.evidence),
            ]
        }
        let run = runReference(against, erratum.againstName, links: links)
        switch erratum.holds {
        case true?:
            return [StatusLabel.mark(symbol: "✓", words: "已由运行证实", tone: .ok), HTML(escaping: "（")] + run
                + [HTML(escaping: "）：" + erratum.evidence)]
        case false?:
            return [StatusLabel.mark(symbol: "✗", words: "不再成立", tone: .bad), HTML(escaping: "：")] + run
                + [HTML(escaping: "的运行不再显示“\(erratum.evidence)”")]
        case nil:
            return [StatusLabel.mark(symbol: "–", words: "没有核实", tone: .none), HTML(escaping: "：")] + run
                + [HTML(escaping: "没有运行（\(erratum.notRunReason ?? "原因不明")）；它要显示的是：\(erratum.evidence)")]
        }
    }

    /// `原代码`, `探针 name` (a link to the probe) or `Swift 示例 id`.
    static func runReference(_ kind: RunKind, _ name: String?, links: BlockLinks) -> [HTML] {
        switch kind {
        case .python: return [HTML(escaping: "原代码")]
        case .probe:
            let name = name ?? ""
            return [
                HTML(escaping: "探针 "),
                .element("a", ["href": links.probe(name)], .element("code", text: name)),
            ]
        case .swift: return [HTML(escaping: "Swift 示例 "), .element("code", text: name ?? "")]
        }
    }

    static func lineLink(_ line: Int?, links: BlockLinks) -> HTML {
        guard let line else { return .element("span", ["class": "line-ref"], text: "（没有在笔记里找到引用的文字）") }
        guard let href = links.line(line) else { return .element("span", ["class": "line-ref"], text: "笔记第 \(line) 行") }
        return .element("a", ["class": "line-ref", "href": href], text: "笔记第 \(line) 行")
    }

    // MARK: - One claim

    /// 笔记说「quote」 — whether it holds, against which run, and why.
    static func claim(_ claim: ClaimReport, links: BlockLinks) -> HTML {
        let run = runReference(claim.against, claim.againstName, links: links)
        let verdict: [HTML]
        switch (claim.verdict, claim.passed) {
        case (.holds, true):
            verdict =
                [StatusLabel.mark(symbol: "✓", words: "成立", tone: .ok), HTML(escaping: "：")] + run
                + [HTML(escaping: "的运行证实了这一点")]
        case (.refuted, true):
            verdict =
                [StatusLabel.mark(symbol: "✗", words: "笔记的说法不成立（已核实）", tone: .warn), HTML(escaping: "：")]
                + run + [HTML(escaping: "的运行推翻了它")]
        case (.holds, false):
            verdict =
                [StatusLabel.mark(symbol: "✗", words: "与审阅不符", tone: .bad), HTML(escaping: "：")] + run
                + [HTML(escaping: "的运行显示它成立，但审阅说它不成立")]
        case (.refuted, false):
            verdict =
                [StatusLabel.mark(symbol: "✗", words: "没有得到证实", tone: .bad), HTML(escaping: "：")]
                + run + [HTML(escaping: "的运行没有显示这一点，但审阅说它成立")]
        case (.notRun, _):
            verdict =
                [StatusLabel.mark(symbol: "–", words: "没有核实", tone: .none), HTML(escaping: "：")] + run
                + [HTML(escaping: "没有运行")]
        }
        var parts: [HTML] = [
            .element(
                "p", ["class": "claim-head"],
                [HTML(escaping: "笔记说"), .element("q", [:], text: claim.quote), HTML(escaping: " ")]
                    + [lineLink(claim.line, links: links)]),
            .element("p", ["class": "claim-verdict"], verdict),
        ]
        if let why = claim.why, !why.isEmpty {
            parts.append(.element("p", ["class": "claim-why"], InlineCode.html("为什么不成立：" + why)))
        }
        parts.append(.element("p", ["class": "claim-evidence"], text: "检查的是：\(claim.evidence)"))
        let tone: StatusLabel.Tone =
            !claim.passed ? .bad : claim.verdict == .holds ? .ok : claim.verdict == .refuted ? .warn : .none
        return .element("li", ["class": "claim claim-\(tone.rawValue)"], parts)
    }

    // MARK: - One probe

    /// The lines a probe adds, marked as added, what it is for, and its run.
    static func probe(_ probe: ProbeReport, original: OriginalReport, links: BlockLinks) -> HTML {
        var parts: [HTML] = [
            .element(
                "p", ["class": "probe-title"],
                [
                    .element("span", ["class": "probe-tag"], text: "探针"), HTML(escaping: " "),
                    .element("code", text: probe.name), HTML(escaping: "："),
                ] + [InlineCode.html(probe.purpose)])
        ]
        if !probe.before.isEmpty {
            parts.append(added(probe.before, where: "加在笔记代码之前"))
        }
        parts.append(.element("p", ["class": "probe-middle"], text: "（中间是上面笔记的原代码，一字未改）"))
        if !probe.after.isEmpty {
            parts.append(added(probe.after, where: "加在笔记代码之后"))
        }
        parts.append(
            RunView.python(
                run: probe.run, notRunReason: probe.notRunReason, original: original, title: "探针的运行",
                who: "探针 \(probe.name)"))
        return .element("div", ["class": "probe", "id": BlockLinks.probeID(links.ordinal, probe.name)], parts)
    }

    /// Added lines, each marked `+`, under a caption that says they are not the notes'.
    private static func added(_ code: String, where position: String) -> HTML {
        .element(
            "figure", ["class": "code code-added"],
            [
                .element("figcaption", [:], text: "附加的探针代码（不是笔记原文）· \(position)"),
                .element(
                    "pre", ["tabindex": "0", "aria-label": "附加的探针代码，\(position)"],
                    .element("code", [:], CodeHighlighter.python(code))),
            ])
    }
}
