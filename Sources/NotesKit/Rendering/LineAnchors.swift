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
        let targets = Set(reports.flatMap { $0.errata.compactMap(\.line) + $0.claims.compactMap(\.line) })
        let starts = document.blocks.map(Self.line)
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
