import Foundation

/// A fragment of HTML that is safe to put in a page.
///
/// Text becomes HTML only through escaping (``init(escaping:)``), which
/// escapes `&`, `<`, `>`, `"` and `'` in text and in attribute values
/// alike, so a note or an output containing `<script>` or `&lt;` shows
/// exactly as written. Control characters, which HTML forbids, show as
/// their Control Pictures (ESC as ␛). The one way around it is ``trusted(_:)``, used only
/// for markup this module generated itself: cmark's rendering (raw HTML
/// already turned into text) and the highlighters' spans.
struct HTML: Sendable, Hashable {
    private(set) var markup: String

    static let empty = HTML(trusted: "")

    init(escaping text: String) {
        markup = HTML.escape(text)
    }

    private init(trusted markup: String) {
        self.markup = markup
    }

    /// Markup produced by this module; never call it with outside text.
    static func trusted(_ markup: String) -> HTML {
        HTML(trusted: markup)
    }

    /// `<name attributes…>children…</name>`; attributes with a nil value are left out.
    static func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: [HTML] = []
    ) -> HTML {
        // Appended into one buffer sized once: pages are built of many
        // small elements, and each intermediate string would be copied again.
        var markup = "<"
        markup.reserveCapacity(children.reduce(2 * name.utf8.count + 5) { $0 + $1.markup.utf8.count } + 16)
        markup += name
        appendAttributes(attributes, to: &markup)
        markup += ">"
        for child in children { markup += child.markup }
        markup += "</"
        markup += name
        markup += ">"
        return HTML(trusted: markup)
    }

    /// `<name attributes…>children…</name>` with one child.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ child: HTML) -> HTML {
        element(name, attributes, [child])
    }

    /// `<name attributes…>text</name>`, the text escaped.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) -> HTML {
        element(name, attributes, [HTML(escaping: text)])
    }

    /// A void element such as `<meta …>` or `<input …>`.
    static func void(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> HTML {
        var markup = "<" + name
        appendAttributes(attributes, to: &markup)
        return HTML(trusted: markup + ">")
    }

    static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(trusted: lhs.markup + rhs.markup)
    }

    static func += (lhs: inout HTML, rhs: HTML) {
        lhs.markup += rhs.markup
    }

    static func escape(_ text: String) -> String {
        MarkupText.escape(text)
    }

    private static func appendAttributes(_ attributes: KeyValuePairs<String, String?>, to markup: inout String) {
        for (name, value) in attributes {
            guard let value else { continue }
            markup += " "
            markup += name
            markup += "=\""
            markup += escape(value)
            markup += "\""
        }
    }
}

/// Fragments that many blocks show alike (a verdict, a run that did not
/// happen and why), made once per build and shared, from any thread. It
/// keeps at most 256 of them: past that, fragments are made each time.
enum SharedFragments {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [String: HTML] = [:]

    /// The fragment for `key`, made by `make` the first time it is asked for.
    static func fragment(_ key: String, _ make: () -> HTML) -> HTML {
        if let fragment = lock.withLock({ made[key] }) { return fragment }
        let fragment = make()
        lock.withLock {
            if made.count < 256 { made[key] = fragment }
        }
        return fragment
    }
}

extension Array where Element == HTML {
    func joined() -> HTML {
        HTML.trusted(map(\.markup).joined())
    }

    /// The fragments with escaped `separator` text between them.
    func joined(separator: String) -> HTML {
        HTML.trusted(map(\.markup).joined(separator: HTML.escape(separator)))
    }
}
