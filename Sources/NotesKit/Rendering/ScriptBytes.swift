/// The bytes of a JavaScript file made of JSON values, written straight
/// into a buffer: the search index runs to tens of megabytes for a large
/// book, too much to build as `String` pieces.
///
/// Strings are escaped so that the file is safe inside a page: no `<`
/// (a `</script>` in a note cannot end a script element), and no U+2028
/// or U+2029, which older JavaScript treats as line ends.
struct ScriptBytes {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    /// Text as it is: punctuation and names the caller controls.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    /// Bytes already written by another `ScriptBytes`.
    mutating func raw(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }

    /// A non-negative integer in decimal.
    mutating func number(_ value: Int) {
        precondition(value >= 0, "the index holds no negative numbers")
        if value >= 10 { number(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// A JSON string literal.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case UInt8(ascii: "<"): raw("\\u003c")
            case ..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0xF))
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            case 0xE2 where index + 1 < utf8.count && utf8[index] == 0x80 && (0xA8...0xA9).contains(utf8[index + 1]):
                raw(utf8[index + 1] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 2
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `[a,b,c]`, each element written by `element`.
    mutating func list<Elements: Sequence>(_ elements: Elements, _ element: (inout Self, Elements.Element) -> Void) {
        raw("[")
        var first = true
        for item in elements {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw("]")
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
