/// A short, stable digest of a code block, to notice when the notes change
/// after a port was written.
///
/// Line endings and trailing whitespace do not count; everything else,
/// indentation and comments included, does.
enum Fingerprint {
    /// The first 12 hex digits of the SHA-256 of the normalised code.
    static func of(_ code: String) -> String {
        String(Digest.sha256(normalized(code)).prefix(12))
    }

    static func normalized(_ code: String) -> String {
        var lines = SourceLines.split(code).map { line -> Substring in
            // Most lines end in a printable ASCII byte: nothing to trim, no Character to look at.
            if let last = line.utf8.last, last > 0x20, last < 0x7F { return line }
            return line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)]
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
