import ExampleKit
import Foundation

/// A code block of the notes with what the site shows beside it.
struct BlockView: Sendable {
    var bound: BoundBlock
    var report: BlockReport
    /// Each example's source file, split, by example id; missing if unreadable.
    var sources: [String: PortSource]
}

/// The right-hand side of a block: the Swift verdict, and for each
/// example the Swift code, the output it really printed, and what was
/// checked; then the port's deliberate changes.
enum BlockPanel {
    static func render(_ view: BlockView, links: BlockLinks) -> HTML {
        let report = view.report
        var parts: [HTML] = [
            .element(
                "p", ["class": "block-status"],
                [
                    .element("span", ["class": "panel-label"], text: "Swift 移植"),
                    StatusLabel.badge(report.swiftStatus),
                    .element("span", ["class": "block-meta"], text: meta(report)),
                ])
        ]
        let stale = report.examples.filter(\.stale).map(\.id)
        if !stale.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "callout callout-stale"],
                    [
                        HTML(escaping: "⚠ 已过期：笔记的这个代码块在示例 "),
                        stale.map { HTML.element("code", text: $0) }.joined(separator: "、"),
                        HTML(escaping: " 审阅之后改动过。移植要重新对照代码块审阅，然后运行 "),
                        .element("code", text: "notes check --update-fingerprints"), HTML(escaping: "。"),
                    ]))
        }
        if report.swiftStatus == .unmapped {
            parts.append(.element("p", ["class": "unmapped-note"], text: "还没有 Swift 示例实现这个代码块，所以它没有被验证。"))
        }
        if let waiver = report.waiver {
            parts.append(.element("p", ["class": "unmapped-note"], text: "不需要示例：\(waiver)"))
        }
        if report.examples.contains(where: { view.sources[$0.id]?.code.contains("sleep(scaled:") == true }) {
            parts.append(
                .element(
                    "p", ["class": "scale-note"],
                    [
                        .element("span", ["aria-hidden": "true"], text: "ℹ "),
                        HTML(escaping: "移植里所有 sleep 都缩短为 0.1 倍：笔记的 "),
                        .element("code", text: "sleep(2)"), HTML(escaping: " 在这里只等 0.2 秒。"),
                    ]))
        }
        parts.append(variants(report, sources: view.sources, ordinal: links.ordinal))
        parts.append(ReviewView.deviations(report, links: links))
        let messages = report.diagnostics.filter { $0.severity == .error && $0.example == nil }
        if !messages.isEmpty {
            parts.append(
                .element(
                    "details", ["class": "raw-messages"],
                    [
                        .element("summary", [:], text: "检查器的原始消息（英文，\(messages.count) 条）"),
                        .element(
                            "ul", ["lang": "en"],
                            messages.map {
                                .element("li", [:], text: ([$0.message] + $0.details).joined(separator: "\n"))
                            }),
                    ]))
        }
        return .element("div", ["class": "port"], parts)
    }

    private static func meta(_ report: BlockReport) -> String {
        var text = "\(report.path):\(report.line)"
        if !report.examples.isEmpty {
            let seconds = report.examples.reduce(0) { $0 + ($1.run?.seconds ?? 0) }
            text += " · 运行 \(SecondsText.format(seconds)) s"
        }
        return text
    }

    // MARK: - Faithful port and modern Swift

    /// The block's examples: the faithful port (with its compile-failure
    /// lesson, if any) and, where there is one, the modern Swift twin, as two
    /// tabs. The tabs are radio buttons and CSS, so they work without
    /// JavaScript; both are in the page, and print shows both.
    static func variants(_ report: BlockReport, sources: [String: PortSource], ordinal: Int) -> HTML {
        let faithful = report.examples.filter { $0.kind != .idiomatic }
        let modern = report.examples.filter { $0.kind == .idiomatic }
        let several = report.examples.count > 1
        let rendered = { (examples: [ExampleReport]) in
            examples.map { render($0, source: sources[$0.id], several: several) }.joined()
        }
        guard !faithful.isEmpty, !modern.isEmpty else { return rendered(report.examples) }
        var tabs: [HTML] = []
        var panels: [HTML] = []
        let groups: [(key: String, label: String, examples: [ExampleReport])] = [
            ("port", "忠实移植", faithful), ("modern", "现代 Swift", modern),
        ]
        for (index, group) in groups.enumerated() {
            let id = "block.\(ordinal).variant.\(group.key)"
            tabs.append(
                .void(
                    "input",
                    [
                        "type": "radio", "class": "variant-switch variant-switch-\(group.key)",
                        "name": "block.\(ordinal).variant", "id": id, "checked": index == 0 ? "" : nil,
                    ]))
            tabs.append(
                .element(
                    "label", ["for": id, "class": "variant-tab"],
                    [HTML(escaping: group.label + " "), StatusLabel.badge(worst(group.examples))]))
            panels.append(.element("div", ["class": "variant variant-\(group.key)"], rendered(group.examples)))
        }
        return .element("div", ["class": "variants"], tabs + panels)
    }

    /// The worst status among some examples: what a tab shows.
    private static func worst(_ examples: [ExampleReport]) -> CheckStatus {
        let order: [CheckStatus] = [.timeout, .crashed, .failed, .stale]
        return order.first { status in examples.contains { $0.status == status } } ?? .passed
    }

    // MARK: - One example

    private static func render(_ example: ExampleReport, source: PortSource?, several: Bool) -> HTML {
        let isLesson = example.kind == .compileFailure
        let heading =
            switch example.kind {
            case .port: "移植代码 "
            case .idiomatic: "现代 Swift 写法 "
            case .compileFailure: "Swift 6 拒绝编译的写法 "
            }
        var title: [HTML] = [
            HTML(escaping: heading),
            .element("code", text: example.id),
        ]
        if several { title += [HTML(escaping: " "), StatusLabel.badge(example.status)] }
        var parts: [HTML] = [.element("p", ["class": "example-title"], title)]

        if let source {
            parts.append(facts(source))
            parts.append(
                figure(
                    caption: [HTML(escaping: "Swift · "), .element("span", ["class": "path"], text: example.source)],
                    pre: CodeHighlighter.swift(source.code), cssClass: "code code-swift"))
        } else {
            parts.append(.element("p", ["class": "callout"], text: "源文件 \(example.source) 无法读取。"))
        }
        parts.append(output(example, isLesson: isLesson))
        parts.append(checks(example))
        return .element(
            "article", ["class": "example example-\(example.kind.rawValue)", "aria-label": "\(example.id)"], parts)
    }

    /// The header fields of the port, as prose: its concept and what Swift 6
    /// makes of it. The notes field is left out: the checked errata replace it.
    static func facts(_ source: PortSource) -> HTML {
        // A header still in English (`Concept:`) is marked as English.
        let english = !source.fields.contains { PortSource.chineseKeys.contains($0.key) }
        let labels: [(keys: Set<String>, label: String)] = [
            (["概念", "Concept"], "概念"), (["Swift 6"], "Swift 6"),
        ]
        var items: [HTML] = []
        for (keys, label) in labels {
            guard let field = source.fields.first(where: { keys.contains($0.key) }) else { continue }
            items.append(.element("dt", [:], text: label))
            items.append(
                .element(
                    "dd", ["lang": english ? "en" : nil],
                    field.paragraphs.compactMap { paragraph -> HTML? in
                        switch paragraph {
                        case .prose(let text): text.isEmpty ? nil : .element("p", [:], InlineCode.html(text))
                        case .code(let text): .element("pre", ["class": "fact-code"], .element("code", text: text))
                        }
                    }))
        }
        return items.isEmpty ? .empty : .element("dl", ["class": "facts"], items)
    }

    private static func output(_ example: ExampleReport, isLesson: Bool) -> HTML {
        guard let run = example.run else {
            return .element("p", ["class": "callout callout-failed"], text: "没有运行：\(example.launchError ?? "原因不明")")
        }
        let figure = RunView.figure(
            run, caption: [HTML(escaping: isLesson ? "编译器输出（预期的编译错误）" : "Swift 的运行输出")], who: "Swift",
            stderrOnly: isLesson, stderrLabel: isLesson ? "编译器的报错" : nil)
        // What the run's threads, processes and tasks did, and when: drawn from its trace.
        guard !isLesson, let trace = run.trace, !trace.events.isEmpty else { return figure }
        return [figure, TimelineView.render(trace, caption: "时间线：\(example.id) 这次运行里各线程、进程和任务做了什么")].joined()
    }

    private static func checks(_ example: ExampleReport) -> HTML {
        var items: [HTML] = example.expectations.map { result in
            // A summary that has no Chinese translation yet is marked as English.
            let chinese = result.summaryZH.unicodeScalars.contains(where: SearchIndex.isCJK)
            var item: [HTML] = [
                mark(result.passed),
                chinese
                    ? InlineCode.html(result.summaryZH)
                    : .element("span", ["lang": "en"], InlineCode.html(result.summaryZH)),
            ]
            if !result.passed, !result.details.isEmpty {
                item.append(
                    .element(
                        "pre", ["class": "check-details", "tabindex": "0"], text: result.details.joined(separator: "\n")
                    ))
            }
            return .element("li", ["class": result.passed ? "check-ok" : "check-failed"], item)
        }
        let chinese = problemsZH(example)
        for (index, problem) in example.problems.enumerated() {
            var item: [HTML] = [mark(false)]
            if chinese.count == example.problems.count {
                item += [
                    HTML(escaping: chinese[index]),
                    .element("span", ["class": "secondary", "lang": "en"], text: problem.reason),
                ]
            } else {
                item.append(.element("span", ["lang": "en"], text: problem.reason))
            }
            if !problem.details.isEmpty {
                item.append(
                    .element(
                        "pre", ["class": "check-details", "tabindex": "0"],
                        text: problem.details.joined(separator: "\n")))
            }
            items.append(.element("li", ["class": "check-failed"], item))
        }
        if items.isEmpty { return .empty }
        return .element(
            "details", ["class": "checks", "open": ""],
            [
                .element("summary", [:], text: "检查了什么（\(items.count) 项）"),
                .element("ul", ["class": "check-list"], items),
            ])
    }

    /// The example's problems in Chinese, from its run, in the order the
    /// judge records them: not run, then how it ended, then leftovers.
    static func problemsZH(_ example: ExampleReport) -> [String] {
        guard let run = example.run else {
            return [example.launchError == nil ? "没有运行" : "无法启动：\(example.launchError ?? "")"]
        }
        var problems: [String] = []
        if run.timedOut {
            problems.append("超时：到时限还在运行，进程组已终止")
        } else if case .signaled(let signal) = run.termination {
            problems.append("崩溃：被信号 \(SignalName.name(signal)) 终止")
        } else if case .exited(let code) = run.termination {
            if example.kind == .compileFailure {
                if code == 0 { problems.append("编译通过了，但编译器本应拒绝这段代码") }
            } else if code != 0 {
                problems.append("退出码是 \(code)，不是 0")
            }
        }
        if run.leftoverProcesses { problems.append("退出后还有进程在运行，已被终止") }
        return problems
    }

    private static func mark(_ passed: Bool) -> HTML {
        .element(
            "span", ["class": "mark"],
            [
                .element("span", ["aria-hidden": "true"], text: passed ? "✓" : "✗"),
                .element("span", ["class": "visually-hidden"], text: passed ? "通过" : "未通过"),
                HTML(escaping: " "),
            ])
    }

    /// A figure with a caption and one scrollable, focusable `<pre>`.
    static func figure(caption: [HTML], pre: HTML, cssClass: String, label: String? = nil) -> HTML {
        .element(
            "figure", ["class": cssClass],
            [
                .element("figcaption", [:], caption),
                .element("pre", ["tabindex": "0", "aria-label": label], .element("code", [:], pre)),
            ])
    }
}
