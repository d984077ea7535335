/// A short line diff for diagnostics: `-` expected, `+` actual, with one
/// line of context around each change.
enum LineDiff {
    static func lines(expected: [String], actual: [String], limit: Int = 12) -> [String] {
        let difference = actual.difference(from: expected)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both sides in step, tagging each line.
        var rows: [(tag: Character, text: String)] = []
        var e = 0
        var a = 0
        while e < expected.count || a < actual.count {
            if e < expected.count, removed.contains(e) {
                rows.append(("-", expected[e]))
                e += 1
            } else if a < actual.count, inserted.contains(a) {
                rows.append(("+", actual[a]))
                a += 1
            } else {
                rows.append((" ", a < actual.count ? actual[a] : expected[e]))
                e += 1
                a += 1
            }
        }
        let changed = rows.indices.filter { rows[$0].tag != " " }
        let shown = Set(changed.flatMap { [$0 - 1, $0, $0 + 1] }).filter(rows.indices.contains).sorted()
        var output: [String] = []
        var previous = -1
        for index in shown {
            if previous >= 0, index > previous + 1 { output.append("…") }
            output.append("\(rows[index].tag) \(quoted(rows[index].text))")
            previous = index
        }
        if output.count > limit {
            output = Array(output.prefix(limit)) + ["… (\(output.count - limit) more lines)"]
        }
        return output
    }

    /// A line as shown in a diagnostic: invisible characters made visible.
    static func quoted(_ line: String) -> String {
        var text = ""
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20: text += "\\u{\(String(scalar.value, radix: 16))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text.isEmpty ? "⏎" : text
    }
}
