import ExampleKit
import Foundation

/// A run's trace drawn as a timeline (#13): an inline SVG made at build
/// time, with no JavaScript, one row per lane; then a legend, what was
/// left out, and the events as a table for those who do not see the drawing.
///
/// The SVG names no colour: its shapes carry classes (`tl-task`, `tl-wait`…)
/// that the stylesheet colours from its variables, so the dark theme applies.
/// Every lane and name comes from the run and is escaped, in the SVG too.
/// The output depends on the trace alone, byte for byte: numbers have a
/// fixed number of decimals and nothing is iterated in a dictionary's order.
enum TimelineView {
    /// What the caption adds to the caller's.
    static let scaleNote = "移植里的 sleep 都缩短为 0.1 倍"
    /// Spans drawn at most; the first ones, in the order they began.
    static let spanLimit = 2000
    /// Point events drawn at most as ticks.
    static let tickLimit = 2000
    /// Lanes drawn at most.
    static let laneLimit = 40
    /// Changes of the queue's depth drawn at most.
    static let depthLimit = 2000
    /// Rows of the events table at most.
    static let rowLimit = 300
    /// Overlapping spans of one lane get rows of their own, this many at most.
    static let trackLimit = 3

    /// The Chinese name of a category, as the legend and the table say it.
    static func word(_ category: TraceEvent.Category) -> String {
        switch category {
        case .thread: "线程"
        case .process: "进程"
        case .task: "任务"
        case .lock: "持有锁"
        case .wait: "等待"
        case .queue: "队列"
        case .connection: "连接"
        }
    }

    /// What an event says in the table: `拿到锁：lock`, `队列操作：put（之后深度 2）`.
    static func happening(_ event: TraceEvent) -> String {
        var text: String
        switch (event.category, event.kind) {
        case (.thread, .begin): text = "线程启动"
        case (.thread, .end): text = "线程结束"
        case (.process, .begin): text = "进程启动"
        case (.process, .end): text = "进程退出"
        case (.task, .begin): text = "任务开始"
        case (.task, .end): text = "任务结束"
        case (.lock, .begin): text = "拿到锁"
        case (.lock, .end): text = "释放锁"
        case (.wait, .begin): text = "开始等待"
        case (.wait, .end): text = "等待结束"
        case (.queue, .begin): text = "队列操作开始"
        case (.queue, .end): text = "队列操作结束"
        case (.queue, .point): text = "队列操作"
        case (.connection, .begin): text = "连接开始"
        case (.connection, .end): text = "连接结束"
        case (.lock, .point): text = "锁事件"
        case (let category, .point): text = word(category) + "事件"
        }
        if !event.name.isEmpty { text += "：" + shortened(event.name, to: 200) }
        if let value = event.value { text += event.category == .queue ? "（之后深度 \(value)）" : "（值 \(value)）" }
        return text
    }

    /// `<figure class="timeline">`: the caption (the caller's, escaped, and
    /// ``scaleNote``), the SVG, its legend, notes on what was left out, and
    /// the events table in a `<details>`. An empty trace gives the caption and
    /// a sentence saying so.
    static func render(_ trace: Trace, caption: String) -> HTML {
        var parts: [HTML] = [
            .element(
                "figcaption", [:],
                [
                    .element("span", ["class": "timeline-title"], text: caption.isEmpty ? "时间线" : caption),
                    HTML(escaping: " · \(scaleNote)，时间轴是移植实际运行的秒数。"),
                ])
        ]
        guard !trace.events.isEmpty else {
            parts.append(.element("p", ["class": "timeline-note"], text: "这次运行没有记录到事件。"))
            if trace.dropped > 0 { parts.append(.element("p", ["class": "timeline-note"], text: droppedNote(trace))) }
            return .element("figure", ["class": "timeline"], parts)
        }
        let chart = Chart(trace)
        parts.append(.element("div", ["class": "timeline-chart"], chart.svg(caption: caption)))
        parts.append(chart.legend())
        parts += chart.notes(trace).map { .element("p", ["class": "timeline-note"], text: $0) }
        parts.append(table(trace))
        return .element("figure", ["class": "timeline"], parts)
    }

    /// The events, the first ``rowLimit`` of them, as a table.
    static func table(_ trace: Trace) -> HTML {
        let head = HTML.element(
            "thead", [:],
            .element(
                "tr", [:],
                [
                    .element("th", ["scope": "col"], text: "时间（秒）"),
                    .element("th", ["scope": "col"], text: "泳道"),
                    .element("th", ["scope": "col"], text: "发生了什么"),
                ]))
        let rows = trace.events.prefix(rowLimit).map { event in
            HTML.element(
                "tr", [:],
                [
                    .element("td", ["class": "tl-time"], text: seconds(event.time)),
                    .element("td", [:], text: shortened(laneName(event.lane), to: 200)),
                    .element("td", [:], text: happening(event)),
                ])
        }
        var parts: [HTML] = [
            .element("summary", [:], text: "事件表"),
            .element(
                "div", ["class": "table-scroll"],
                .element("table", ["class": "timeline-table"], [head, .element("tbody", [:], rows)])),
        ]
        let left = trace.events.count - rows.count
        if left > 0 {
            parts.append(
                .element("p", ["class": "timeline-note"], text: "只列出前 \(rows.count) 个事件，另有 \(left) 个没有列出。"))
        }
        if trace.dropped > 0 { parts.append(.element("p", ["class": "timeline-note"], text: droppedNote(trace))) }
        return .element("details", ["class": "timeline-events"], parts)
    }

    static func droppedNote(_ trace: Trace) -> String {
        "另有 \(trace.dropped) 个事件超出上限，没有记录。"
    }

    /// A time as the table shows it: seconds with three decimals; `—` when it is not a number.
    static func seconds(_ time: Double) -> String {
        time.isFinite ? fixed(time, decimals: 3) : "—"
    }

    /// A lane as the reader sees it; a lane with no name still shows.
    static func laneName(_ lane: String) -> String {
        lane.isEmpty ? "（无名）" : lane
    }

    /// `value` with exactly `decimals` decimals and a `.`, whatever the locale;
    /// never `-0.000`. Callers pass finite values.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1
        for _ in 0..<max(0, min(decimals, 9)) { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 1e15 else { return String(format: "%.3e", value) }
        let units = Int(scaled)
        var text = (value < 0 && units != 0 ? "-" : "") + String(units / scale)
        if scale > 1 {
            let fraction = String(units % scale)
            text += "." + String(repeating: "0", count: String(scale).count - 1 - fraction.count) + fraction
        }
        return text
    }

    /// At most `limit` characters, the last of them `…` when some were cut.
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// About how wide `text` draws at `fontSize`: CJK and other wide
    /// characters one em, spaces and dots three tenths, the rest six tenths
    /// (a sans-serif's average, rounded up).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        text.reduce(0) { $0 + em($1) } * fontSize
    }

    private static func em(_ character: Character) -> Double {
        if isWide(character) { return 1 }
        return " ·.,:;|!'()[]-_/iljtf".contains(character) ? 0.3 : 0.6
    }

    /// `text`, cut with `…` to fit `width` at `fontSize`; and whether it was cut.
    static func fitted(_ text: String, width: Double, fontSize: Double) -> (text: String, cut: Bool) {
        if textWidth(text, fontSize: fontSize) <= width { return (text, false) }
        var kept = ""
        var used = fontSize  // the ellipsis
        for character in text {
            used += em(character) * fontSize
            if used > width { break }
            kept.append(character)
        }
        return (kept + "…", true)
    }

    private static func isWide(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(value) || (0x2026 == value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            || (0x20000...0x3FFFD).contains(value)
    }
}

/// The SVG's measures, in the units of its `viewBox`. The stylesheet's font
/// sizes for `.timeline svg text` match ``laneFont`` and ``smallFont``.
private enum Geometry {
    /// Narrow, so that the text stays readable when a phone shrinks it
    /// (the stylesheet caps how wide it grows on a desktop).
    static let width = 400.0
    static let labelRight = 104.0
    static let plotLeft = 112.0
    static let plotRight = 386.0
    static let top = 4.0
    static let trackHeight = 15.0
    static let trackGap = 3.0
    static let rowPadding = 5.0
    static let depthHeight = 50.0
    static let axisHeight = 26.0
    static let laneFont = 14.0
    static let smallFont = 11.5
    /// Times past this (about 31 years) are drawn at it.
    static let longest = 1e9
}

/// The trace measured and laid out once: what the SVG, its description and
/// the notes under it need.
private struct Chart {
    struct Bar {
        var lane: Int
        var category: TraceEvent.Category
        var name: String
        var start: Double
        var end: Double
        var open: Bool
        var track = 0

        /// A thread's or a process's life: a thin bar behind the rest.
        var isLife: Bool { category == .thread || category == .process }
    }

    struct Row {
        var name: String
        var top: Double
        var height: Double
        var middle: Double { top + height / 2 }
    }

    /// The lanes drawn, each a row.
    var rows: [Row] = []
    var laneTotal = 0
    /// The spans drawn (on the lanes drawn, the first ``TimelineView/spanLimit``).
    var bars: [Bar] = []
    var spansOnLanes = 0
    /// Spans of each category (every lane), in `Category.allCases` order.
    var spanCounts: [(category: TraceEvent.Category, count: Int)] = []
    var openCount = 0
    var mostAtOnce: [(category: TraceEvent.Category, count: Int)] = []
    var ticks: [(lane: Int, time: Double, event: TraceEvent)] = []
    var pointsOnLanes = 0
    var pointTotal = 0
    var depths: [(time: Double, depth: Int)] = []
    var depthTotal = 0
    var maxDepth = 0
    var depthTop: Double?
    var end = 0.0
    /// The time at the right edge: the end, or a hundredth of a second for a run that took no time.
    var domain = 0.01
    var invalidTimes = 0
    var axisY = 0.0
    var height = 0.0

    init(_ trace: Trace) {
        let clean = Chart.clean
        invalidTimes = trace.events.count { !$0.time.isFinite || $0.time < 0 || $0.time > Geometry.longest }
        end = trace.events.reduce(0) { max($0, clean($1.time)) }
        domain = max(end, 0.01)

        let lanes = trace.lanes
        laneTotal = lanes.count
        var laneIndex: [String: Int] = [:]
        for (index, lane) in lanes.prefix(TimelineView.laneLimit).enumerated() { laneIndex[lane] = index }

        let end = end
        let spans = trace.spans.map { span in
            let start = clean(span.start)
            return Bar(
                lane: laneIndex[span.lane] ?? -1, category: span.category, name: span.name, start: start,
                end: max(span.end.map(clean) ?? end, start), open: span.end == nil)
        }
        spanCounts = TraceEvent.Category.allCases.map { category in
            (category, spans.count { $0.category == category })
        }
        openCount = spans.count { $0.open }
        mostAtOnce = [TraceEvent.Category.thread, .process, .task, .connection].map { category in
            (category, Chart.most(spans.filter { $0.category == category }))
        }
        let onLanes = spans.filter { $0.lane >= 0 }
        spansOnLanes = onLanes.count
        bars = Array(onLanes.prefix(TimelineView.spanLimit))

        // Spans that overlap on one lane go on tracks of their own: a lock held inside a task.
        var trackEnds = [[Double]](repeating: [], count: laneIndex.count)
        for index in bars.indices where !bars[index].isLife {
            let bar = bars[index]
            var track: Int
            if let free = trackEnds[bar.lane].firstIndex(where: { $0 <= bar.start }) {
                track = free
            } else if trackEnds[bar.lane].count < TimelineView.trackLimit {
                track = trackEnds[bar.lane].count
                trackEnds[bar.lane].append(bar.end)
            } else {
                track = trackEnds[bar.lane].count - 1
            }
            trackEnds[bar.lane][track] = max(trackEnds[bar.lane][track], bar.end)
            bars[index].track = track
        }

        var y = Geometry.top
        for (index, lane) in lanes.prefix(TimelineView.laneLimit).enumerated() {
            let tracks = Double(max(1, trackEnds[index].count))
            let height = 2 * Geometry.rowPadding + tracks * Geometry.trackHeight + (tracks - 1) * Geometry.trackGap
            rows.append(Row(name: lane, top: y, height: height))
            y += height
        }

        let points = trace.events.filter { $0.kind == .point }
        pointTotal = points.count
        let pointsDrawn = points.compactMap { event in laneIndex[event.lane].map { (lane: $0, event: event) } }
        pointsOnLanes = pointsDrawn.count
        ticks = pointsDrawn.prefix(TimelineView.tickLimit).map { ($0.lane, clean($0.event.time), $0.event) }

        let depthEvents = trace.events.compactMap { event in
            event.category == .queue ? event.value.map { (time: clean(event.time), depth: max(0, $0)) } : nil
        }
        depthTotal = depthEvents.count
        maxDepth = depthEvents.reduce(0) { max($0, $1.depth) }
        depths = Array(depthEvents.prefix(TimelineView.depthLimit))
        if !depths.isEmpty {
            depthTop = y
            y += Geometry.depthHeight
        }
        axisY = y + 2
        height = axisY + Geometry.axisHeight
    }

    /// A time that can be drawn: not negative, not past ``Geometry/longest``, 0 when not a number.
    static func clean(_ time: Double) -> Double {
        time.isFinite ? min(max(time, 0), Geometry.longest) : 0
    }

    /// The most bars open at one moment; one ending as another starts do not overlap.
    static func most(_ bars: [Bar]) -> Int {
        var edges: [(time: Double, change: Int)] = []
        for bar in bars {
            edges.append((bar.start, 1))
            edges.append((bar.end, -1))
        }
        edges.sort { left, right in left.time != right.time ? left.time < right.time : left.change < right.change }
        var open = 0
        var most = 0
        for edge in edges {
            open += edge.change
            most = max(most, open)
        }
        return most
    }

    func x(_ time: Double) -> Double {
        Geometry.plotLeft + min(max(time / domain, 0), 1) * (Geometry.plotRight - Geometry.plotLeft)
    }

    /// Round times for the axis: steps of 1, 2 or 5 times a power of ten, four or so of them.
    func axisTicks() -> [(time: Double, label: String)] {
        let rough = domain / 4
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough * (1 - 1e-9) } ?? 10 * power
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        var ticks: [(Double, String)] = []
        var index = 0.0
        while index * step <= domain * (1 + 1e-9), ticks.count < 12 {
            ticks.append((index * step, index == 0 ? "0" : TimelineView.fixed(index * step, decimals: decimals)))
            index += 1
        }
        return ticks
    }

    // MARK: - The drawing

    func svg(caption: String) -> HTML {
        var shapes: [HTML] = [
            .element("title", text: "时间线：" + (caption.isEmpty ? "一次运行" : caption)),
            .element("desc", text: description()),
        ]
        for (index, row) in rows.enumerated() where index % 2 == 1 {
            shapes.append(rect("tl-row", x: 0, y: row.top, width: Geometry.width, height: row.height))
        }
        let axis = axisTicks()
        for tick in axis {
            shapes.append(line("tl-grid", x1: x(tick.time), y1: Geometry.top, x2: x(tick.time), y2: axisY))
        }
        for row in rows {
            let (label, cut) = TimelineView.fitted(
                TimelineView.laneName(row.name), width: Geometry.labelRight - 4, fontSize: Geometry.laneFont)
            shapes.append(
                text(
                    "tl-lane", label, x: Geometry.labelRight, y: row.middle + 0.35 * Geometry.laneFont, anchor: "end",
                    title: cut ? TimelineView.shortened(row.name, to: 80) : nil))
        }
        for bar in bars where bar.isLife { shapes.append(lifeBar(bar)) }
        for bar in bars where !bar.isLife { shapes.append(spanBar(bar)) }
        for tick in ticks {
            let row = rows[tick.lane]
            let at = x(tick.time)
            shapes.append(
                line(
                    "tl-tick tl-\(tick.event.category.rawValue)", x1: at, y1: row.top + 3, x2: at,
                    y2: row.top + row.height - 3,
                    title: "\(TimelineView.seconds(tick.event.time)) 秒 · \(short(TimelineView.happening(tick.event)))"))
        }
        if let depthTop { shapes += depthRow(top: depthTop) }
        shapes += axisShapes(axis)
        return .element(
            "svg",
            [
                "class": "timeline-svg", "viewBox": "0 0 \(n(Geometry.width)) \(n(height))", "width": "100%",
                "role": "img", "font-size": n(Geometry.laneFont),
            ], shapes)
    }

    /// Names in tooltips, short: the table has them in full. The tooltips
    /// leave the lane out: the row's label says it.
    func short(_ text: String) -> String { TimelineView.shortened(text, to: 32) }

    func lifeBar(_ bar: Bar) -> HTML {
        let row = rows[bar.lane]
        let left = x(bar.start)
        let right = max(x(bar.end), left + 1)
        var parts = [
            rect("tl-life tl-\(bar.category.rawValue)", x: left, y: row.middle - 2, width: right - left, height: 4)
        ]
        if bar.open { parts.append(openMark(at: right, top: row.middle - 3, height: 6)) }
        return group(parts, title: barTitle(bar))
    }

    func spanBar(_ bar: Bar) -> HTML {
        let row = rows[bar.lane]
        let left = x(bar.start)
        let right = max(x(bar.end), left + 1.5)
        let top = row.top + Geometry.rowPadding + Double(bar.track) * (Geometry.trackHeight + Geometry.trackGap)
        var parts = [
            rect(
                "tl-bar tl-\(bar.category.rawValue)" + (bar.open ? " tl-open" : ""), x: left, y: top,
                width: right - left, height: Geometry.trackHeight)
        ]
        let name = bar.name
        if !name.isEmpty, TimelineView.textWidth(name, fontSize: Geometry.smallFont) + 6 <= right - left {
            parts.append(text("tl-bar-label", name, x: left + 3, y: top + Geometry.trackHeight - 3.5))
        }
        if bar.open { parts.append(openMark(at: right, top: top, height: Geometry.trackHeight)) }
        return group(parts, title: barTitle(bar))
    }

    /// A small arrow past the end of a span that never ended.
    func openMark(at x: Double, top: Double, height: Double) -> HTML {
        let points = "\(n(x)),\(n(top)) \(n(x + height / 2)),\(n(top + height / 2)) \(n(x)),\(n(top + height))"
        return .element("polygon", ["class": "tl-open-mark", "points": points])
    }

    func barTitle(_ bar: Bar) -> String {
        var title = TimelineView.word(bar.category)
        if !bar.name.isEmpty { title += "：" + short(bar.name) }
        let start = TimelineView.fixed(bar.start, decimals: 3)
        if bar.open { return title + " · 从 \(start) 秒起，到记录结束还没有结束" }
        return title + " · \(start)–\(TimelineView.fixed(bar.end, decimals: 3)) 秒"
    }

    /// The queue's depth as a step line, its largest value marked.
    func depthRow(top: Double) -> [HTML] {
        let bottom = top + Geometry.depthHeight - 8
        let highest = top + 12
        func y(_ depth: Int) -> Double {
            maxDepth == 0 ? bottom : bottom - Double(depth) / Double(maxDepth) * (bottom - highest)
        }
        var path = ""
        for (index, point) in depths.enumerated() {
            path +=
                index == 0 ? "M\(n(x(point.time))) \(n(y(point.depth)))" : "H\(n(x(point.time)))V\(n(y(point.depth)))"
        }
        path += "H\(n(x(end)))"
        var shapes: [HTML] = [
            line("tl-grid", x1: Geometry.plotLeft, y1: top, x2: Geometry.plotRight, y2: top),
            text("tl-lane", "队列深度", x: Geometry.labelRight, y: top + Geometry.depthHeight / 2 + 4, anchor: "end"),
            line("tl-baseline", x1: Geometry.plotLeft, y1: bottom, x2: Geometry.plotRight, y2: bottom),
            text("tl-depth-label", "0", x: Geometry.plotLeft - 3, y: bottom + 3, anchor: "end"),
            .element("path", ["class": "tl-depth", "d": path]),
        ]
        if let peak = depths.first(where: { $0.depth == maxDepth }) {
            let peakX = x(peak.time)
            let nearRight = peakX > Geometry.plotRight - 50
            shapes.append(
                .element(
                    "circle", ["class": "tl-depth-max", "cx": n(peakX), "cy": n(y(maxDepth)), "r": "2.5"],
                    .element("title", text: "最大深度 \(maxDepth)，在 \(TimelineView.fixed(peak.time, decimals: 3)) 秒")))
            shapes.append(
                text(
                    "tl-depth-label", "最大 \(maxDepth)", x: nearRight ? peakX - 5 : peakX + 5, y: y(maxDepth) - 3,
                    anchor: nearRight ? "end" : nil))
        }
        return shapes
    }

    func axisShapes(_ ticks: [(time: Double, label: String)]) -> [HTML] {
        var shapes: [HTML] = [
            line("tl-axis", x1: Geometry.plotLeft, y1: axisY, x2: Geometry.plotRight, y2: axisY),
            text("tl-axis-label", "时间（秒）", x: Geometry.labelRight, y: axisY + 14, anchor: "end"),
        ]
        for tick in ticks {
            let at = x(tick.time)
            shapes.append(line("tl-axis", x1: at, y1: axisY, x2: at, y2: axisY + 4))
            let anchor = at > Geometry.plotRight - 12 ? "end" : "middle"
            shapes.append(text("tl-axis-label", tick.label, x: at, y: axisY + 14, anchor: anchor))
        }
        return shapes
    }

    // MARK: - Words

    /// The drawing in words: lanes, spans of each kind, the queue, the most at once.
    func description() -> String {
        let names = rows.prefix(8).map { short(TimelineView.laneName($0.name)) }.joined(separator: "、")
        var sentences = ["共 \(laneTotal) 条泳道：\(names)" + (laneTotal > 8 ? " 等" : "") + "。"]
        let counted = spanCounts.filter { $0.count > 0 }
        if counted.isEmpty {
            sentences.append("没有成段的事件。")
        } else {
            var spans = counted.map { "\(TimelineView.word($0.category)) \($0.count) 段" }.joined(separator: "、")
            if openCount > 0 { spans += "，其中 \(openCount) 段到记录结束时还没有结束" }
            sentences.append("片段：" + spans + "。")
        }
        if pointTotal > 0 { sentences.append("瞬时事件 \(pointTotal) 个。") }
        if depthTotal > 0 { sentences.append("队列最大深度 \(maxDepth)。") }
        let most = mostAtOnce.filter { $0.count > 0 }
        if !most.isEmpty {
            sentences.append(
                "同一时刻最多：" + most.map { "\($0.count) 个\(TimelineView.word($0.category))" }.joined(separator: "、") + "。")
        }
        sentences.append("记录共 \(TimelineView.fixed(end, decimals: 3)) 秒。")
        return sentences.joined()
    }

    /// What the drawing leaves out or bends, in sentences.
    func notes(_ trace: Trace) -> [String] {
        var notes: [String] = []
        if trace.dropped > 0 { notes.append(TimelineView.droppedNote(trace)) }
        if laneTotal > rows.count { notes.append("泳道太多：只画了前 \(rows.count) 条（共 \(laneTotal) 条）。") }
        if spansOnLanes > bars.count { notes.append("片段太多：只画了前 \(bars.count) 段（共 \(spansOnLanes) 段）。") }
        if pointsOnLanes > ticks.count { notes.append("瞬时事件太多：只画了前 \(ticks.count) 个（共 \(pointsOnLanes) 个）。") }
        if depthTotal > depths.count { notes.append("队列深度只画了前 \(depths.count) 次变化（共 \(depthTotal) 次）。") }
        if invalidTimes > 0 {
            notes.append("有 \(invalidTimes) 个事件的时间无效（负数、不是数字或太大），画在了时间轴的端点上。")
        }
        return notes
    }

    /// The key: only what the drawing shows, each with a small swatch drawn like it.
    func legend() -> HTML {
        var items: [HTML] = []
        func item(_ swatch: HTML, _ label: String) {
            items.append(
                .element(
                    "li", [:],
                    [
                        .element(
                            "svg",
                            [
                                "class": "tl-key", "viewBox": "0 0 22 12", "width": "22", "height": "12",
                                "aria-hidden": "true", "focusable": "false",
                            ], swatch),
                        HTML(escaping: label),
                    ]))
        }
        let shown = Set(bars.map(\.category))
        for category in TraceEvent.Category.allCases where shown.contains(category) {
            switch category {
            case .thread, .process:
                item(
                    rect("tl-life tl-\(category.rawValue)", x: 1, y: 4, width: 20, height: 4),
                    "\(TimelineView.word(category))（存活）")
            default:
                item(
                    rect("tl-bar tl-\(category.rawValue)", x: 1, y: 1, width: 20, height: 10),
                    TimelineView.word(category))
            }
        }
        if bars.contains(where: \.open) {
            item(
                .element("polygon", ["class": "tl-open-mark", "points": "8,1 14,6 8,11"]), "没有结束（画到记录的末尾）")
        }
        if !ticks.isEmpty { item(line("tl-tick tl-task", x1: 11, y1: 0, x2: 11, y2: 12), "瞬时事件") }
        if !depths.isEmpty { item(.element("path", ["class": "tl-depth", "d": "M1 10H8V3H15V7H21"]), "队列深度") }
        return .element("ul", ["class": "timeline-legend"], items)
    }

    // MARK: - Shapes

    /// A coordinate: one decimal.
    func n(_ value: Double) -> String { TimelineView.fixed(value, decimals: 1) }

    func rect(_ cssClass: String, x: Double, y: Double, width: Double, height: Double) -> HTML {
        .element(
            "rect", ["class": cssClass, "x": n(x), "y": n(y), "width": n(max(width, 0)), "height": n(max(height, 0))])
    }

    func line(_ cssClass: String, x1: Double, y1: Double, x2: Double, y2: Double, title: String? = nil) -> HTML {
        .element(
            "line", ["class": cssClass, "x1": n(x1), "y1": n(y1), "x2": n(x2), "y2": n(y2)],
            title.map { [.element("title", text: $0)] } ?? [])
    }

    func text(
        _ cssClass: String, _ content: String, x: Double, y: Double, anchor: String? = nil, title: String? = nil
    ) -> HTML {
        var children = [HTML(escaping: content)]
        if let title { children.insert(.element("title", text: title), at: 0) }
        return .element(
            "text", ["class": cssClass, "x": n(x), "y": n(y), "text-anchor": anchor], children)
    }

    func group(_ children: [HTML], title: String) -> HTML {
        .element("g", [:], [.element("title", text: title)] + children)
    }
}
