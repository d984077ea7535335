/// Anchors for the lines of the notes that errata and claims point to.
///
/// A line of code gets its id on its own `<span class="line">`; a line of
/// prose (or a heading, or a fence) gets an empty anchor at the start of
/// the prose, heading or figure it belongs to. Each line is owned by
/// exactly one item of the page, so no id repeats.
struct LineAnchors: Sendable {
    /// The lines each item of the document carries, by item index, sorted.
    private var owned: [Int: [Int]] = [:]
    /// Every line that has an anchor.
    private(set) var lines: Set<Int> = []

    static func id(_ line: Int) -> String { "line.\(line)" }

    /// - Parameter reports: The blocks of `document`; their errata and claims name the lines.
    init(_ document: Document, reports: [BlockReport]) {
        self.init(document, targets: reports.indices.flatMap { Self.targets(of: reports[$0]) })
    }

    /// - Parameter views: The blocks of `document`, read in place: a note may hold 100,000.
    init(_ document: Document, views: [BlockView]) {
        self.init(document, targets: views.indices.flatMap { Self.targets(of: views[$0].report) })
    }

    /// The lines a block's errata and claims name.
    private static func targets(of report: borrowing BlockReport) -> [Int] {
        guard !report.errata.isEmpty || !report.claims.isEmpty else { return [] }
        return report.errata.compactMap(\.line) + report.claims.compactMap(\.line)
    }

    private init(_ document: Document, targets: [Int]) {
        guard !targets.isEmpty else { return }
        let targets = Set(targets)
        let starts = document.blocks.indices.map { Self.line(document.blocks[$0]) }
        guard !starts.isEmpty else { return }
        for target in targets.sorted() {
            // The item with the greatest first line at or before the target, the first of equals.
            var owner = 0
            for (index, start) in starts.enumerated() where start <= target && start > starts[owner] {
                owner = index
            }
            owned[owner, default: []].append(target)
            lines.insert(target)
        }
    }

    /// The lines item `index` carries.
    func lines(ofItem index: Int) -> [Int] { owned[index] ?? [] }

    /// Empty anchors for `lines`, to put before an item.
    static func anchors(_ lines: [Int]) -> HTML {
        lines.map { HTML.element("span", ["class": "line-anchor", "id": id($0)], []) }.joined()
    }

    /// For a code block: ids for its own lines (by 0-based index), and the lines left for empty anchors.
    static func split(_ lines: [Int], code: CodeBlock) -> (ids: [Int: String], rest: [Int]) {
        guard !lines.isEmpty else { return ([:], []) }
        let first = code.fenced ? code.line + 1 : code.line
        let count = code.lineCount  // counted once: it reads the whole code
        var ids: [Int: String] = [:]
        var rest: [Int] = []
        for line in lines {
            if line >= first, line - first < count { ids[line - first] = id(line) } else { rest.append(line) }
        }
        return (ids, rest)
    }

    private static func line(_ block: Document.Block) -> Int {
        switch block {
        case .heading(let heading): heading.line
        case .prose(let prose): prose.line
        case .code(let code): code.line
        }
    }
}
