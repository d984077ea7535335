/// Relative links between the site's files.
enum URLPath {
    /// `name` as an href: percent-encoded where a URL needs it, Chinese kept.
    static func href(_ name: String, fragment: String? = nil) -> String {
        encode(name, keep: { $0 != "#" && $0 != "?" }) + (fragment.map { "#" + encode($0, keep: { _ in true }) } ?? "")
    }

    private static func encode(_ text: String, keep: (Unicode.Scalar) -> Bool) -> String {
        var encoded = ""
        for scalar in text.unicodeScalars {
            let safe =
                scalar.value > 0x7F
                || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-._~/".unicodeScalars.contains(scalar)
            if safe, keep(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 {
                    encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
            }
        }
        return encoded
    }
}
