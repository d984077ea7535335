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
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: escaped.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case "\u{7F}": escaped += "\u{2421}"
            case _ where (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE:
                escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
