/// A unified diff of two texts, as `diff -u` prints it: hunks of changed
/// lines with three lines of context, `-` for the old text, `+` for the new.
enum UnifiedDiff {
    /// - Returns: The diff's lines, without the `---`/`+++` header; empty
    ///   when the texts have the same lines.
    static func lines(old: String, new: String, context: Int = 3) -> [String] {
        let before = split(old)
        let after = split(new)
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // One row per line of the edit script: tag, old line number, new line number.
        var rows: [(tag: Character, text: String, old: Int, new: Int)] = []
        var o = 0
        var n = 0
        while o < before.count || n < after.count {
            if o < before.count, removed.contains(o) {
                rows.append(("-", before[o], o, n))
                o += 1
            } else if n < after.count, inserted.contains(n) {
                rows.append(("+", after[n], o, n))
                n += 1
            } else {
                rows.append((" ", before[o], o, n))
                o += 1
                n += 1
            }
        }
        let changed = rows.indices.filter { rows[$0].tag != " " }
        guard !changed.isEmpty else { return [] }
        // Group changes whose context windows touch into hunks.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let window = max(0, index - context)...min(rows.count - 1, index + context)
            if let last = hunks.last, window.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, window.upperBound)
            } else {
                hunks.append(window)
            }
        }
        var output: [String] = []
        for hunk in hunks {
            let slice = rows[hunk]
            let oldCount = slice.count { $0.tag != "+" }
            let newCount = slice.count { $0.tag != "-" }
            let oldStart = (slice.first?.old ?? 0) + (oldCount == 0 ? 0 : 1)
            let newStart = (slice.first?.new ?? 0) + (newCount == 0 ? 0 : 1)
            output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            output += slice.map { "\($0.tag)\($0.text)" }
        }
        return output
    }

    private static func split(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }
}
