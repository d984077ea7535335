/// A short, stable digest of a code block, to notice when the notes change
/// after a port was written.
///
/// Line endings and trailing whitespace do not count; everything else,
/// indentation and comments included, does.
enum Fingerprint {
    /// The first 12 hex digits of the SHA-256 of the normalised code,
    /// its lines fed to the hash as they are trimmed: the normalised text
    /// is never built (a course has thousands of blocks).
    static func of(_ code: String) -> String {
        var hasher = Digest.Hasher()
        var emitted = false
        var pendingEmpty = 0
        var code = code
        code.withUTF8 { bytes in
            LineBreaks.forEachLine(of: bytes) { line in
                // Most lines end in a printable ASCII byte: nothing to trim, no Character to look at.
                if let last = line.last, last > 0x20, last < 0x7F {
                    for _ in 0..<(pendingEmpty + (emitted ? 1 : 0)) { hasher.update(byte: 0x0A) }
                    hasher.update(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line)))
                    emitted = true
                    pendingEmpty = 0
                    return
                }
                let kept = trimmed(Substring(decoding: line, as: UTF8.self))
                if kept.isEmpty {
                    pendingEmpty += 1  // written only if a non-empty line follows
                    return
                }
                for _ in 0..<(pendingEmpty + (emitted ? 1 : 0)) { hasher.update(byte: 0x0A) }
                hasher.update(kept)
                emitted = true
                pendingEmpty = 0
            }
        }
        return String(hasher.hex().prefix(12))
    }

    static func normalized(_ code: String) -> String {
        var lines = SourceLines.split(code).map(trimmed)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The line without its trailing whitespace.
    private static func trimmed(_ line: Substring) -> Substring {
        // Most lines end in a printable ASCII byte, or in Chinese (an
        // ideograph or full-width punctuation, which no scalar before it
        // joins into a space): nothing to trim, no Character to look at.
        if let last = line.utf8.last, last > 0x20, last < 0x7F { return line }
        if let last = line.unicodeScalars.last?.value,
            (0x4E00...0x9FFF).contains(last) || (0x3001...0x3029).contains(last) || (0x3030...0x303F).contains(last)
                || (0xFF01...0xFF5E).contains(last)
        {
            return line
        }
        return line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)]
    }
}
