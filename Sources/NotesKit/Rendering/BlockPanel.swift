import Foundation

/// A code block of the notes with what the site shows beside it.
struct BlockView: Sendable {
    var bound: BoundBlock
    var report: BlockReport
    /// Each example's source file, split, by example id; missing if unreadable.
    var sources: [String: PortSource]
}

/// The right-hand side of a block: its status, and for each example the
/// Swift code, the output it really printed, and what was checked.
enum BlockPanel {
    static func render(_ view: BlockView) -> HTML {
        let report = view.report
        var parts: [HTML] = [
            .element(
                "p", ["class": "block-status"],
                [
                    StatusLabel.badge(report.status),
                    .element("span", ["class": "block-meta"], text: meta(report)),
                ])
        ]
        let problems = report.diagnostics.filter { $0.severity == .error && $0.example == nil }
        if !problems.isEmpty {
            parts.append(
                .element(
                    "div", ["class": "callout callout-\(report.status.rawValue)"],
                    .element(
                        "ul", [:],
                        problems.map { .element("li", [:], text: ([$0.message] + $0.details).joined(separator: "\n")) })
                ))
        }
        if report.status == .unmapped {
            parts.append(.element("p", ["class": "unmapped-note"], text: "还没有 Swift 示例实现这个代码块，所以它没有被验证。"))
        }
        if let waiver = report.waiver {
            parts.append(.element("p", ["class": "unmapped-note"], text: "不需要示例：\(waiver)"))
        }
        for example in report.examples {
            parts.append(render(example, source: view.sources[example.id], several: report.examples.count > 1))
        }
        return .element("div", ["class": "port"], parts)
    }

    private static func meta(_ report: BlockReport) -> String {
        var text = "\(report.path):\(report.line)"
        if !report.examples.isEmpty { text += " · 运行 \(SecondsText.format(report.seconds)) s" }
        return text
    }

    // MARK: - One example

    private static func render(_ example: ExampleReport, source: PortSource?, several: Bool) -> HTML {
        let isLesson = example.kind == .compileFailure
        let heading =
            switch example.kind {
            case .port: "Swift 移植 "
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

    /// The header fields of the port, as prose.
    private static func facts(_ source: PortSource) -> HTML {
        let labels: [(key: String, label: String)] = [
            ("Concept", "概念 Concept"), ("Notes", "笔记的问题 What the notes get wrong"), ("Swift 6", "Swift 6"),
        ]
        var items: [HTML] = []
        for (key, label) in labels {
            guard let field = source.fields.first(where: { $0.key == key }) else { continue }
            items.append(.element("dt", [:], text: label))
            items.append(
                .element(
                    "dd", ["lang": "en"],
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
            return .element("p", ["class": "callout callout-failed"], text: "没有运行：\(example.launchError ?? "未知原因")")
        }
        var caption = isLesson ? "编译器输出（预期的编译错误）" : "运行输出"
        switch run.termination {
        case _ where run.timedOut: caption += " · 超时，进程组已终止"
        case .exited(let code): caption += " · exit \(code)"
        case .signaled(let signal): caption += " · 被信号 \(SignalName.name(signal)) 终止"
        }
        caption += " · \(SecondsText.format(run.seconds)) s"
        var blocks: [HTML] = []
        let streams =
            isLesson
            ? [("stderr", run.stderr, run.stderrDropped)]
            : [("stdout", run.stdout, run.stdoutDropped), ("stderr", run.stderr, run.stderrDropped)]
        for (name, text, dropped) in streams
        where !text.isEmpty || dropped > 0 || (name == "stdout" && run.stderr.isEmpty) {
            var content = ANSIText.html(text)
            if text.isEmpty { content = .element("span", ["class": "empty-output"], text: "（没有输出）") }
            blocks.append(
                .element(
                    "pre",
                    [
                        "class": "output-text output-\(name)", "tabindex": "0",
                        "aria-label": isLesson ? "编译器输出" : name,
                    ], content))
            if dropped > 0 {
                blocks.append(.element("p", ["class": "truncated"], text: "⚠ 输出过长，已截断：丢弃了 \(dropped) 字节。"))
            }
        }
        return .element("figure", ["class": "output"], [.element("figcaption", [:], text: caption)] + blocks)
    }

    private static func checks(_ example: ExampleReport) -> HTML {
        var items: [HTML] = example.expectations.map { result in
            var item: [HTML] = [mark(result.passed), .element("span", ["lang": "en"], text: result.summary)]
            if !result.passed, !result.details.isEmpty {
                item.append(
                    .element(
                        "pre", ["class": "check-details", "tabindex": "0"], text: result.details.joined(separator: "\n")
                    ))
            }
            return .element("li", ["class": result.passed ? "check-ok" : "check-failed"], item)
        }
        for problem in example.problems {
            items.append(
                .element(
                    "li", ["class": "check-failed"],
                    [
                        mark(false), .element("span", ["lang": "en"], text: problem.reason),
                    ]
                        + (problem.details.isEmpty
                            ? []
                            : [
                                HTML.element(
                                    "pre", ["class": "check-details", "tabindex": "0"],
                                    text: problem.details.joined(separator: "\n"))
                            ])))
        }
        if items.isEmpty { return .empty }
        return .element(
            "details", ["class": "checks", "open": ""],
            [
                .element("summary", [:], text: "检查了什么（\(items.count) 项）"),
                .element("ul", ["class": "check-list"], items),
            ])
    }

    private static func mark(_ passed: Bool, timing: Bool = false) -> HTML {
        let symbol = timing ? "~" : (passed ? "✓" : "✗")
        let words = timing ? "取决于时序" : (passed ? "通过" : "未通过")
        return .element(
            "span", ["class": "mark"],
            [
                .element("span", ["aria-hidden": "true"], text: symbol),
                .element("span", ["class": "visually-hidden"], text: words),
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
