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
    /// The markup's UTF-8 bytes. Pages are built of many small elements,
    /// each copied into its parent: appending bytes is a copy, where
    /// appending a `String` also checks its encoding and flags each time.
    private(set) var bytes: [UInt8]

    /// The markup as text.
    var markup: String { String(decoding: bytes, as: UTF8.self) }

    static let empty = HTML(bytes: [])

    init(escaping text: String) {
        var text = text
        bytes = text.withUTF8 { text in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.count)
            MarkupText.append(escaping: text[...], to: &bytes)
            return bytes
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Markup produced by this module; never call it with outside text.
    static func trusted(_ markup: String) -> HTML {
        HTML(bytes: Array(markup.utf8))
    }

    /// Markup produced by this module, as UTF-8; never call it with outside text.
    static func trusted(bytes: [UInt8]) -> HTML {
        HTML(bytes: bytes)
    }

    /// `<name attributes…>children…</name>`; attributes with a nil value are left out.
    static func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: [HTML] = []
    ) -> HTML {
        // Appended into one buffer sized once.
        element(name, attributes, capacity: children.reduce(0) { $0 + $1.bytes.count }) { bytes in
            for child in children { bytes.append(contentsOf: child.bytes) }
        }
    }

    /// The element with its content written by `content` into its buffer.
    private static func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?>, capacity: Int,
        content: (inout [UInt8]) -> Void
    ) -> HTML {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * name.utf8.count + capacity + 21)
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        appendAttributes(attributes, to: &bytes)
        bytes.append(UInt8(ascii: ">"))
        content(&bytes)
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ">"))
        return HTML(bytes: bytes)
    }

    /// `<name attributes…>children…</name>` with one child.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ child: HTML) -> HTML {
        element(name, attributes, [child])
    }

    /// `<name attributes…>text</name>`, the text escaped straight into the element.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) -> HTML {
        var text = text
        return element(name, attributes, capacity: text.utf8.count) { bytes in
            text.withUTF8 { MarkupText.append(escaping: $0[...], to: &bytes) }
        }
    }

    /// A void element such as `<meta …>` or `<input …>`.
    static func void(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> HTML {
        var bytes: [UInt8] = [UInt8(ascii: "<")]
        bytes.append(contentsOf: name.utf8)
        appendAttributes(attributes, to: &bytes)
        bytes.append(UInt8(ascii: ">"))
        return HTML(bytes: bytes)
    }

    static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(bytes: lhs.bytes + rhs.bytes)
    }

    static func += (lhs: inout HTML, rhs: HTML) {
        lhs.bytes += rhs.bytes
    }

    static func escape(_ text: String) -> String {
        MarkupText.escape(text)
    }

    private static func appendAttributes(_ attributes: KeyValuePairs<String, String?>, to bytes: inout [UInt8]) {
        for (name, value) in attributes {
            guard var value else { continue }
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "\""))
            value.withUTF8 { MarkupText.append(escaping: $0[...], to: &bytes) }
            bytes.append(UInt8(ascii: "\""))
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
        HTML.trusted(bytes: [UInt8](map(\.bytes).joined()))
    }

    /// The fragments with escaped `separator` text between them.
    func joined(separator: String) -> HTML {
        HTML.trusted(bytes: [UInt8](map(\.bytes).joined(separator: HTML(escaping: separator).bytes)))
    }
}
