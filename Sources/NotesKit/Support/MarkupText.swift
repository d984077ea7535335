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
            guard let first = bytes.firstIndex(where: needsWork) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            out.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                guard needsWork(byte) else {
                    out.append(byte)
                    index += 1
                    continue
                }
                let length = index + 1 < bytes.count ? sequenceLength(byte) : 1
                let sequence = bytes[index..<min(index + length, bytes.count)]
                out.append(contentsOf: replacement(for: sequence))
                index += sequence.count
            }
            return String(decoding: out, as: UTF8.self)
        }
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
    private static func replacement(for sequence: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        let first = sequence[sequence.startIndex]
        switch first {
        case UInt8(ascii: "&"): return Array("&amp;".utf8)
        case UInt8(ascii: "<"): return Array("&lt;".utf8)
        case UInt8(ascii: ">"): return Array("&gt;".utf8)
        case UInt8(ascii: "\""): return Array("&quot;".utf8)
        case UInt8(ascii: "'"): return Array("&#39;".utf8)
        case 0x7F: return Array("\u{2421}".utf8)
        case 0x00..<0x20: return Array(String(Unicode.Scalar(0x2400 + UInt32(first))!).utf8)
        default:
            let scalar = String(decoding: sequence, as: UTF8.self).unicodeScalars.first?.value ?? 0
            let noncharacter = (0xFDD0...0xFDEF).contains(scalar) || scalar & 0xFFFE == 0xFFFE
            return noncharacter ? Array("\u{FFFD}".utf8) : Array(sequence)
        }
    }
}
