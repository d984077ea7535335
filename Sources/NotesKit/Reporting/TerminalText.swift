/// Text for a terminal or a CI log, made safe to print: a note's file name,
/// a stale block's diff or a heading can hold control characters (an
/// escape sequence that moves the cursor, retitles the window or hides a
/// line with a carriage return). Each is shown as a visible escape,
/// `\x1B`, instead; line feeds and tabs stay.
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        // Most text has no control character: nothing to copy.
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                shown.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            shown.append(contentsOf: "\\x\(hex.count < 2 ? "0" + hex : hex)".unicodeScalars)
        }
        return String(shown)
    }

    /// C0 controls but line feed and tab, DEL, and the C1 controls (a
    /// terminal may read U+009B as the start of an escape sequence).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
