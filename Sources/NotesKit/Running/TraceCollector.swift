import ExampleKit
import Foundation

/// Reads back what a run's primitives recorded (``Tracer``'s lines) as a
/// ``Trace``: times from the start of the run, in order, and lanes a
/// reader can name.
///
/// A lane is the name a primitive gave (`f1`, `工作线程 2`, `连接 1`), or
/// `线程 N`, N counting the unnamed threads of the process in the order
/// they first recorded something. When more than one process recorded,
/// each lane is prefixed with its process, `进程 N · `, the first process
/// to record being 1. At most ``Tracer/cap`` events are kept; the rest are
/// counted as dropped, with those the processes counted themselves.
enum TraceCollector {
    /// The file in the run's working folder.
    static let fileName = ".notes-trace"

    /// The monotonic clock the recorders use, in nanoseconds.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The trace in the file at `path`, or nil if nothing was recorded.
    /// At most this many bytes of a trace are read: a run of the notes'
    /// code writes the file itself, and could make it as large as it may.
    static let readLimit = 32 << 20

    static func read(_ path: String, start: Int64) -> Trace? {
        guard let bytes = FileBytes.readPlainFile(path, limit: readLimit), !bytes.isEmpty else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self), start: start)
    }

    private struct Line {
        var nanoseconds: Int64
        var process: String
        var thread: String
        var kind: TraceEvent.Kind
        var category: TraceEvent.Category
        var lane: String?
        var name: String
        var value: Int?
    }

    /// Parses the lines; a malformed line (a process killed mid-write) is skipped.
    static func parse(_ text: String, start: Int64) -> Trace? {
        var lines: [Line] = []
        var dropped = 0
        for row in text.split(separator: "\n") {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 8, let nanoseconds = Int64(fields[0]) else { continue }
            if fields[3] == "dropped" {
                dropped += Int(fields[7]) ?? 0
                continue
            }
            guard let kind = TraceEvent.Kind(rawValue: String(fields[3])),
                let category = TraceEvent.Category(rawValue: String(fields[4]))
            else { continue }
            lines.append(
                Line(
                    nanoseconds: nanoseconds, process: String(fields[1]), thread: String(fields[2]), kind: kind,
                    category: category, lane: fields[5] == "-" ? nil : String(fields[5]), name: String(fields[6]),
                    value: Int(fields[7])))
        }
        guard !lines.isEmpty else { return dropped > 0 ? Trace(events: [], dropped: dropped) : nil }
        // Stable: lines of one thread keep their order when times tie.
        lines = lines.enumerated().sorted { ($0.element.nanoseconds, $0.offset) < ($1.element.nanoseconds, $1.offset) }
            .map(\.element)
        if lines.count > Tracer.cap {
            dropped += lines.count - Tracer.cap
            lines.removeLast(lines.count - Tracer.cap)
        }
        var processes: [String: Int] = [:]
        var threads: [String: Int] = [:]  // unnamed threads, by process and thread
        var unnamed: [String: Int] = [:]  // how many unnamed threads each process has so far
        for line in lines {
            if processes[line.process] == nil { processes[line.process] = processes.count + 1 }
            let key = line.process + " " + line.thread
            if line.lane == nil, threads[key] == nil {
                unnamed[line.process, default: 0] += 1
                threads[key] = unnamed[line.process]
            }
        }
        let events = lines.map { line in
            var lane = line.lane ?? "线程 \(threads[line.process + " " + line.thread] ?? 0)"
            if processes.count > 1 { lane = "进程 \(processes[line.process] ?? 0) · " + lane }
            return TraceEvent(
                time: Double(max(0, line.nanoseconds - start)) / 1e9, lane: lane, kind: line.kind,
                category: line.category, name: line.name, value: line.value)
        }
        return Trace(events: events, dropped: dropped)
    }
}
