import ExampleKit
import Foundation
import Testing

@testable import NotesKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Timeline drawing", .hangGuard)
struct TimelineTests {
    typealias Event = TraceEvent

    /// Two threads taking one lock, one of them waiting for it, and a queue
    /// filled by the main thread and emptied by a consumer.
    static let sample = Trace(events: [
        Event(time: 0, lane: "主线程", kind: .begin, category: .thread, name: "主线程"),
        Event(time: 0.001, lane: "f1", kind: .begin, category: .thread, name: "f1"),
        Event(time: 0.002, lane: "f2", kind: .begin, category: .thread, name: "f2"),
        Event(time: 0.003, lane: "f1", kind: .begin, category: .lock, name: "lock"),
        Event(time: 0.004, lane: "f2", kind: .begin, category: .wait, name: "lock"),
        Event(time: 0.010, lane: "主线程", kind: .point, category: .queue, name: "put", value: 1),
        Event(time: 0.020, lane: "主线程", kind: .point, category: .queue, name: "put", value: 2),
        Event(time: 0.103, lane: "f1", kind: .end, category: .lock, name: "lock"),
        Event(time: 0.103, lane: "f2", kind: .end, category: .wait, name: "lock"),
        Event(time: 0.103, lane: "f2", kind: .begin, category: .lock, name: "lock"),
        Event(time: 0.104, lane: "f1", kind: .point, category: .queue, name: "get", value: 1),
        Event(time: 0.105, lane: "f1", kind: .end, category: .thread, name: "f1"),
        Event(time: 0.203, lane: "f2", kind: .end, category: .lock, name: "lock"),
        Event(time: 0.204, lane: "f2", kind: .end, category: .thread, name: "f2"),
        Event(time: 0.21, lane: "主线程", kind: .end, category: .thread, name: "主线程"),
    ])

    static func render(_ trace: Trace, caption: String = "两个线程抢一把锁") -> String {
        TimelineView.render(trace, caption: caption).markup
    }

    /// How many times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The SVG part of a rendering, and everything else.
    static func split(_ markup: String) -> (svg: String, rest: String) {
        guard let start = markup.range(of: "<svg class=\"timeline-svg\""),
            let end = markup.range(of: "</svg>", range: start.upperBound..<markup.endIndex)
        else { return ("", markup) }
        return (String(markup[start.lowerBound..<end.upperBound]), String(markup[end.upperBound...]))
    }

    /// The figure parses as XML: every element closed, every attribute quoted, only XML's entities.
    static func expectWellFormed(_ markup: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) { _ = try XMLDocument(xmlString: markup) }
        #expect(count("<svg", in: markup) == count("</svg>", in: markup), sourceLocation: sourceLocation)
        #expect(!markup.contains("nan") && !markup.contains("inf"), sourceLocation: sourceLocation)
    }

    @Test func theSameTraceDrawsTheSameBytes() {
        let first = Self.render(Self.sample)
        #expect(first == Self.render(Self.sample))
        let copy = Trace(events: Self.sample.events.map { $0 }, dropped: 0)
        #expect(first == Self.render(copy))
    }

    @Test func aFigureWithAnAccessibleSVGATableAndTheScaleNote() {
        let markup = Self.render(Self.sample)
        Self.expectWellFormed(markup)
        #expect(markup.hasPrefix("<figure class=\"timeline\"><figcaption>"))
        #expect(markup.contains("两个线程抢一把锁"))
        #expect(markup.contains("移植里的 sleep 都缩短为 0.1 倍"))
        let (svg, rest) = Self.split(markup)
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("viewBox=\"0 0 400.0 "))
        #expect(svg.contains("width=\"100%\""))
        #expect(svg.contains("<title>时间线：两个线程抢一把锁</title>"))
        #expect(svg.contains("<desc>共 3 条泳道：主线程、f1、f2。"))
        #expect(svg.contains("线程 3 段、持有锁 2 段、等待 1 段"))
        #expect(svg.contains("队列最大深度 2。"))
        #expect(svg.contains("同一时刻最多：3 个线程。"))
        // No colour in the drawing: the stylesheet gives them, light or dark.
        #expect(!svg.contains("#") && !svg.contains("fill=") && !svg.contains("stroke="))
        #expect(rest.contains("<details class=\"timeline-events\"><summary>事件表</summary>"))
        #expect(Self.count("<tr>", in: rest) == Self.sample.events.count + 1)
        #expect(rest.contains("<td class=\"tl-time\">0.103</td><td>f1</td><td>释放锁：lock</td>"))
        #expect(rest.contains("<td>队列操作：put（之后深度 2）</td>"))
    }

    @Test func eachLaneIsARowAndEachSpanABar() {
        let (svg, _) = Self.split(Self.render(Self.sample))
        for lane in ["主线程", "f1", "f2"] { #expect(svg.contains(">\(lane)</text>")) }
        #expect(svg.contains(">队列深度</text>"))
        #expect(Self.count("class=\"tl-bar tl-lock\"", in: svg) == 2)
        #expect(Self.count("class=\"tl-bar tl-wait\"", in: svg) == 1)
        #expect(Self.count("class=\"tl-life tl-thread\"", in: svg) == 3)
        #expect(Self.count("class=\"tl-tick tl-queue\"", in: svg) == 3)
        // The axis counts in round tenths of the run's seconds.
        for tick in ["0", "0.1", "0.2"] { #expect(svg.contains(">\(tick)</text>")) }
        #expect(!svg.contains("tl-open"))
    }

    @Test func theQueueDepthIsAStepLineOnlyWhenThereIsAQueue() {
        let (svg, _) = Self.split(Self.render(Self.sample))
        #expect(Self.count("class=\"tl-depth\"", in: svg) == 1)
        #expect(svg.contains(">最大 2</text>"))
        let noQueue = Trace(events: Self.sample.events.filter { $0.category != .queue })
        let markup = Self.render(noQueue)
        #expect(!markup.contains("tl-depth"))
        #expect(!markup.contains("队列深度"))
        #expect(!markup.contains("队列最大深度"))
    }

    @Test func hostileNamesAreEscapedInTheDrawingAndTheTable() {
        let hostile = "<script>alert(\"x\")</script> & 'q'"
        let trace = Trace(events: [
            Event(time: 0, lane: hostile, kind: .begin, category: .task, name: hostile),
            Event(time: 0.5, lane: hostile, kind: .point, category: .connection, name: hostile),
            Event(time: 1, lane: hostile, kind: .end, category: .task, name: hostile),
        ])
        let markup = Self.render(trace, caption: hostile)
        Self.expectWellFormed(markup)
        #expect(!markup.contains("<script"))
        #expect(!markup.contains("\"x\""))
        #expect(!markup.contains("'q'"))
        let (svg, rest) = Self.split(markup)
        #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
        #expect(rest.contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</td>"))
        // The lane's label is cut to fit, and its full name is its tooltip.
        #expect(svg.contains("…</text>"))
    }

    @Test func longLaneNamesAreCutInTheDrawingNotInTheTable() {
        let lane = "进程 2 · 线程 1 · 一个很长很长的名字"
        let trace = Trace(events: [
            Event(time: 0, lane: lane, kind: .begin, category: .process, name: "p"),
            Event(time: 0.2, lane: lane, kind: .end, category: .process, name: "p"),
        ])
        let (svg, rest) = Self.split(Self.render(trace))
        #expect(!svg.contains(">\(lane)</text>"))
        #expect(svg.contains("text-anchor=\"end\"><title>\(lane)</title>"))
        #expect(rest.contains("<td>\(lane)</td>"))
        let (label, cut) = TimelineView.fitted(lane, width: 100, fontSize: 14)
        #expect(cut && label.hasSuffix("…") && TimelineView.textWidth(label, fontSize: 14) <= 100)
        // A lane named as the tracer names them fits whole.
        #expect(!TimelineView.fitted("进程 2 · 线程 1", width: 100, fontSize: 14).cut)
    }

    @Test func anEmptyTraceSaysSo() {
        let markup = Self.render(Trace(events: []))
        Self.expectWellFormed(markup)
        #expect(!markup.contains("<svg"))
        #expect(markup.contains("这次运行没有记录到事件。"))
        #expect(markup.contains("移植里的 sleep 都缩短为 0.1 倍"))
        let dropped = Self.render(Trace(events: [], dropped: 5))
        #expect(dropped.contains("另有 5 个事件超出上限，没有记录。"))
    }

    @Test func aSpanThatNeverEndedIsDrawnToTheEndAndMarked() {
        let trace = Trace(events: [
            Event(time: 0, lane: "worker", kind: .begin, category: .task, name: "任务 1"),
            Event(time: 0.1, lane: "main", kind: .point, category: .connection, name: "accept"),
            Event(time: 0.3, lane: "main", kind: .point, category: .connection, name: "close"),
        ])
        let markup = Self.render(trace)
        Self.expectWellFormed(markup)
        let (svg, rest) = Self.split(markup)
        // From the left edge of the plot to its right edge: the end of the trace.
        #expect(svg.contains("<rect class=\"tl-bar tl-task tl-open\" x=\"112.0\" y=\"9.0\" width=\"274.0\""))
        #expect(svg.contains("class=\"tl-open-mark\""))
        #expect(svg.contains("到记录结束还没有结束"))
        #expect(svg.contains("其中 1 段到记录结束时还没有结束"))
        #expect(rest.contains("没有结束"))
    }

    @Test func zeroLengthNegativeAndNaNTimesStillDrawValidSVG() {
        let zero = Trace(events: [
            Event(time: 0, lane: "a", kind: .begin, category: .lock, name: "lock"),
            Event(time: 0, lane: "a", kind: .end, category: .lock, name: "lock"),
        ])
        #expect(zero.end == 0)
        Self.expectWellFormed(Self.render(zero))
        let odd = Trace(events: [
            Event(time: -1, lane: "a", kind: .begin, category: .task, name: "t"),
            Event(time: .nan, lane: "b", kind: .begin, category: .wait, name: "get"),
            Event(time: .infinity, lane: "b", kind: .end, category: .wait, name: "get"),
            Event(time: -.infinity, lane: "a", kind: .point, category: .queue, name: "put", value: -3),
            Event(time: 1e300, lane: "a", kind: .point, category: .queue, name: "put", value: Int.max),
            Event(time: 0.5, lane: "a", kind: .end, category: .task, name: "t"),
            Event(time: 0.2, lane: "c", kind: .end, category: .task, name: "never began"),
        ])
        let markup = Self.render(odd)
        Self.expectWellFormed(markup)
        #expect(markup.contains("有 5 个事件的时间无效"))
        #expect(markup.contains("<td class=\"tl-time\">—</td>"))
        #expect(markup.contains("<td class=\"tl-time\">-1.000</td>"))
        #expect(markup == Self.render(odd))
    }

    @Test func thousandsOfEventsAreCappedAndTheCutsSaid() {
        var events: [Event] = []
        for index in 0..<3000 {
            let lane = "线程 \(index % 50) " + String(repeating: "长", count: 300)
            let time = Double(index) * 0.001
            events.append(Event(time: time, lane: lane, kind: .begin, category: .task, name: "任务 \(index)"))
            events.append(Event(time: time, lane: lane, kind: .point, category: .queue, name: "put", value: index))
            events.append(Event(time: time + 0.0005, lane: lane, kind: .end, category: .task, name: "任务 \(index)"))
        }
        let trace = Trace(events: events, dropped: 42)
        let markup = Self.render(trace)
        Self.expectWellFormed(markup)
        let (svg, rest) = Self.split(markup)
        #expect(Self.count("<rect class=\"tl-bar", in: svg) == TimelineView.spanLimit)
        #expect(Self.count("<line class=\"tl-tick", in: svg) == TimelineView.tickLimit)
        #expect(Self.count("class=\"tl-lane\"", in: svg) == TimelineView.laneLimit + 1)
        #expect(rest.contains("泳道太多：只画了前 40 条（共 50 条）。"))
        #expect(rest.contains("片段太多：只画了前 2000 段（共 2400 段）。"))
        #expect(rest.contains("瞬时事件太多：只画了前 2000 个（共 2400 个）。"))
        #expect(rest.contains("队列深度只画了前 2000 次变化（共 3000 次）。"))
        #expect(svg.contains("队列最大深度 2999。"))
        #expect(Self.count("<tr>", in: rest) == TimelineView.rowLimit + 1)
        #expect(rest.contains("只列出前 300 个事件，另有 8700 个没有列出。"))
        #expect(Self.count("另有 42 个事件超出上限，没有记录。", in: rest) == 2)
        #expect(markup.utf8.count < 1_500_000)
    }

    @Test func numbersHaveFixedDecimalsWhateverTheLocale() {
        #expect(TimelineView.fixed(0.1 + 0.2, decimals: 3) == "0.300")
        #expect(TimelineView.fixed(-0.0001, decimals: 3) == "0.000")
        #expect(TimelineView.fixed(-1.25, decimals: 1) == "-1.3")
        #expect(TimelineView.fixed(12, decimals: 0) == "12")
        #expect(TimelineView.fixed(0.05, decimals: 2) == "0.05")
        #expect(TimelineView.seconds(.nan) == "—")
    }
}
