/// Terminal output as HTML: SGR colour and weight codes become spans with
/// CSS classes; every other escape sequence is dropped; text is escaped.
enum ANSIText {
    private static let colors = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func html(_ text: String) -> HTML {
        var html = HTML.empty
        var classes: [String] = []
        var plain = ""
        var scalars = Array(text.unicodeScalars)[...]

        func flush() {
            guard !plain.isEmpty else { return }
            html +=
                classes.isEmpty
                ? HTML(escaping: plain) : .element("span", ["class": classes.joined(separator: " ")], text: plain)
            plain = ""
        }

        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            guard scalar == "\u{1B}" else {
                plain.unicodeScalars.append(scalar)
                continue
            }
            guard scalars.first == "[" else {
                // Another escape (charset, keypad mode): intermediate bytes, then one final byte.
                while let next = scalars.first, (0x20...0x2F).contains(next.value) { scalars = scalars.dropFirst() }
                scalars = scalars.dropFirst()
                continue
            }
            scalars = scalars.dropFirst()
            var parameters = ""
            while let next = scalars.first, (0x30...0x3F).contains(next.value) || (0x20...0x2F).contains(next.value) {
                parameters.unicodeScalars.append(next)
                scalars = scalars.dropFirst()
            }
            guard let final = scalars.first else { break }
            scalars = scalars.dropFirst()
            guard final == "m" else { continue }  // cursor moves, clears: drop
            flush()
            classes = apply(parameters, to: classes)
        }
        flush()
        return html
    }

    /// The classes after an SGR sequence with `parameters` (e.g. `1;31`).
    static func apply(_ parameters: String, to current: [String]) -> [String] {
        var classes = current
        let codes =
            parameters.isEmpty
            ? [0] : parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        for code in codes {
            switch code {
            case 0: classes = []
            case 1: classes.append("ansi-bold")
            case 3: classes.append("ansi-italic")
            case 4: classes.append("ansi-underline")
            case 22: classes.removeAll { $0 == "ansi-bold" }
            case 30...37, 90...97:
                classes.removeAll { $0.hasPrefix("ansi-fg-") }
                classes.append("ansi-fg-" + colors[(code % 10)] + (code >= 90 ? "-bright" : ""))
            case 39: classes.removeAll { $0.hasPrefix("ansi-fg-") }
            case 40...47:
                classes.removeAll { $0.hasPrefix("ansi-bg-") }
                classes.append("ansi-bg-" + colors[code - 40])
            case 49: classes.removeAll { $0.hasPrefix("ansi-bg-") }
            default: continue
            }
        }
        var seen = Set<String>()
        return classes.filter { seen.insert($0).inserted }
    }
}
