/// Text made safe for HTML and XML, the pages' and the JUnit report's.
enum MarkupText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so that the result is safe in an
    /// element or a quoted attribute of HTML or XML alike.
    ///
    /// Characters both forbid (control characters other than tab and line
    /// endings, and noncharacters) cannot be escaped: control characters
    /// become their Control Pictures (ESC shows as ␛, DEL as ␡) and
    /// noncharacters U+FFFD, so a run's raw output never breaks a page or
    /// a report.
    ///
    /// It works on the UTF-8 bytes: most text needs nothing escaped and is
    /// returned as it is after one scan.
    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: needsWork) else { return nil }  // the text itself, not a copy
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            append(escaping: bytes[...], to: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Appends `text`, whole characters of UTF-8, escaped as
    /// ``escape(_:)`` escapes it; runs that need nothing are copied whole.
    static func append(escaping text: Slice<UnsafeBufferPointer<UInt8>>, to out: inout [UInt8]) {
        var runStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard needsWork(byte) else {
                index += 1
                continue
            }
            let length = min(sequenceLength(byte), text.endIndex - index)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            appendReplacement(for: text[index..<(index + length)], to: &out)
            index += length
            runStart = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    /// Whether `byte` may start something to escape: one of `&<>"'`, a
    /// control character, DEL, or the lead byte of a sequence that may be
    /// a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF).
    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case 0x09, 0x0A, 0x0D: false
        case 0x00..<0x20, 0x7F: true
        case 0xEF, 0xF0...0xF4: true
        default: false
        }
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF4: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }

    /// What a byte or UTF-8 sequence that ``needsWork(_:)`` picked becomes.
    private static func appendReplacement(for sequence: Slice<UnsafeBufferPointer<UInt8>>, to out: inout [UInt8]) {
        let first = sequence[sequence.startIndex]
        func raw(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        switch first {
        case UInt8(ascii: "&"): raw("&amp;")
        case UInt8(ascii: "<"): raw("&lt;")
        case UInt8(ascii: ">"): raw("&gt;")
        case UInt8(ascii: "\""): raw("&quot;")
        case UInt8(ascii: "'"): raw("&#39;")
        case 0x7F: raw("\u{2421}")
        case 0x00..<0x20:
            // U+2400 + the byte, its Control Picture: E2 90 80 + the byte in UTF-8.
            out.append(contentsOf: [0xE2, 0x90, 0x80 + first])
        default:
            let scalar = String(decoding: sequence, as: UTF8.self).unicodeScalars.first?.value ?? 0
            let noncharacter = (0xFDD0...0xFDEF).contains(scalar) || scalar & 0xFFFE == 0xFFFE
            if noncharacter { raw("\u{FFFD}") } else { out.append(contentsOf: UnsafeBufferPointer(rebasing: sequence)) }
        }
    }
}
