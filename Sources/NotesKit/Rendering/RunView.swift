/// One captured run as a figure: a caption saying how it ended and how
/// long it took, then what it wrote to stdout and stderr, each labelled.
/// Used for the Swift examples, the notes' own Python and its probes alike.
enum RunView {
    /// How the run ended, in Chinese: `退出码 0`, `超时……`, `被信号 SIGSEGV 终止`.
    static func ending(_ run: RunResult) -> String {
        var text: String
        switch run.termination {
        case _ where run.timedOut: text = "超时：到时限还在运行，进程组已终止"
        case .exited(let code): text = "退出码 \(code)"
        case .signaled(let signal): text = "被信号 \(SignalName.name(signal)) 终止"
        }
        if run.leftoverProcesses { text += "；退出后还有进程在运行，已终止" }
        return text
    }

    /// - Parameters:
    ///   - caption: What ran, before how it ended (escaped pieces).
    ///   - streams: Which streams to show; stdout is shown even when empty
    ///     unless stderr has something.
    ///   - who: Prefixes the streams' accessible names, e.g. `Python`.
    static func figure(
        _ run: RunResult, caption: [HTML], who: String, stderrOnly: Bool = false, stderrLabel: String? = nil,
        cssClass: String = "output"
    ) -> HTML {
        let captionText =
            caption + [HTML(escaping: " · \(ending(run)) · \(SecondsText.format(run.seconds)) s")]
        var blocks: [HTML] = [.element("figcaption", [:], captionText)]
        let streams: [(name: String, label: String, text: String, dropped: Int)] =
            stderrOnly
            ? [("stderr", stderrLabel ?? "stderr", run.stderr, run.stderrDropped)]
            : [
                ("stdout", "stdout（标准输出）", run.stdout, run.stdoutDropped),
                ("stderr", stderrLabel ?? "stderr（标准错误）", run.stderr, run.stderrDropped),
            ]
        for stream in streams
        where !stream.text.isEmpty || stream.dropped > 0 || (stream.name == "stdout" && run.stderr.isEmpty)
            || stderrOnly
        {
            var content = ANSIText.html(stream.text)
            if stream.text.isEmpty { content = .element("span", ["class": "empty-output"], text: "（没有输出）") }
            blocks.append(.element("p", ["class": "stream-label", "aria-hidden": "true"], text: stream.label))
            blocks.append(
                .element(
                    "pre",
                    [
                        "class": "output-text output-\(stream.name)", "tabindex": "0",
                        "aria-label": "\(who) \(stream.name)",
                    ], content))
            if stream.dropped > 0 {
                blocks.append(
                    .element("p", ["class": "truncated"], text: "⚠ 输出过长，已截断：丢弃了 \(stream.dropped) 字节。"))
            }
        }
        return .element("figure", ["class": cssClass], blocks)
    }

    /// The notes' Python (as written or probed): how it was run, its
    /// output, the client's transcript; or why it did not run.
    static func python(
        run: RunResult?, notRunReason: String?, original: OriginalReport, title: String, who: String
    ) -> HTML {
        guard let run else {
            // Every block the registry does not name says the same: made once.
            return SharedFragments.fragment("not-run\u{1F}\(title)\u{1F}\(notRunReason ?? "")") {
                .element(
                    "div", ["class": "not-run"],
                    [
                        .element("p", ["class": "run-title"], text: title),
                        .element(
                            "p", [:],
                            [
                                StatusLabel.mark(symbol: "–", words: "没有运行", tone: .none),
                                HTML(escaping: "：" + (notRunReason ?? "原因不明")),
                            ]),
                    ])
            }
        }
        var caption: [HTML] = [
            .element("span", ["class": "run-title"], text: title), HTML(escaping: " · "),
            .element("code", text: "python3 -u \(OriginalLauncher.scriptName)"),
        ]
        if let version = original.python { caption.append(HTML(escaping: " · Python \(version)")) }
        if original.sandbox != nil {
            caption.append(HTML(escaping: " · 在 bubblewrap 沙箱里运行（只读的系统，只能写自己的工作目录，独立网络只有本机回环）"))
        }
        let (shown, shortened) = withoutWorkspace(run)
        if shortened { caption.append(HTML(escaping: " · 输出里的临时工作目录已省略")) }
        var parts: [HTML] = []
        if let driver = original.driver {
            parts.append(.element("p", ["class": "driver"], text: "驱动客户端：\(driver)"))
        }
        parts.append(figure(shown, caption: caption, who: who, cssClass: "output output-python"))
        if let transcript = run.transcript, !transcript.isEmpty {
            let lines = transcript.split(separator: "\n", omittingEmptySubsequences: true)
            parts.append(
                .element(
                    "figure", ["class": "transcript"],
                    [
                        .element("figcaption", [:], text: "客户端做了什么"),
                        .element("ol", [:], lines.map { .element("li", [:], text: String($0)) }),
                    ]))
        }
        return parts.joined()
    }

    /// The run's folder, `/tmp/notes-run-<8 letters or digits>/` (see
    /// ``Workspace``), which a traceback names and which differs on every run.
    nonisolated(unsafe) private static let workspace = #/(?:/[^\s"'/]+)*/notes-run-[0-9a-z]{8}[/]/#

    /// The run with its working folder taken out of its output (`File
    /// "block.py"`), so that a page does not change with every run; and
    /// whether there was one to take out.
    static func withoutWorkspace(_ run: RunResult) -> (RunResult, Bool) {
        var shown = run
        shown.stdout = run.stdout.replacing(workspace, with: "")
        shown.stderr = run.stderr.replacing(workspace, with: "")
        return (shown, shown.stdout != run.stdout || shown.stderr != run.stderr)
    }
}
