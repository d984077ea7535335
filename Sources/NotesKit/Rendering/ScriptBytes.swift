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

    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    /// How many bytes ``number(_:)`` writes for `value`.
    static func digits(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// A non-negative integer in decimal.
    mutating func number(_ value: Int) {
        precondition(value >= 0, "the index holds no negative numbers")
        // Most numbers of an index (gaps between docs, weights) have one or two digits.
        if value < 100 {
            if value >= 10 { bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10)) }
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
            return
        }
        // The digits from the last, then turned around in place.
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// `a,b`, or `,a,b` after another pair: a posting of the search
    /// index, of which there are millions, formatted on the stack and
    /// appended at once.
    mutating func pair(_ a: Int, _ b: Int, afterAnother: Bool) {
        precondition(a >= 0 && b >= 0, "the index holds no negative numbers")
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var end = 48
            func put(_ value: Int) {
                var rest = value
                repeat {
                    end -= 1
                    buffer[end] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                } while rest > 0
            }
            put(b)
            end -= 1
            buffer[end] = UInt8(ascii: ",")
            put(a)
            if afterAnother {
                end -= 1
                buffer[end] = UInt8(ascii: ",")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[end...]))
        }
    }

    /// A JSON string literal. Runs of bytes that need no escape are copied
    /// whole: most of an index's text is words and Chinese.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                let separator =
                    byte == 0xE2 && index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (0xA8...0xA9).contains(utf8[index + 2])
                guard Self.needsEscape(byte) || separator else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                if separator {
                    raw(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 3
                } else {
                    escape(byte)
                    index += 1
                }
                run = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
    }

    /// What a byte that ``needsEscape(_:)`` becomes.
    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        case UInt8(ascii: "<"): raw("\\u003c")
        default:
            raw("\\u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0xF))
        }
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
