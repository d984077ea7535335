import Crypto
import Foundation

/// A short, stable digest of a code block, to notice when the notes change
/// after a port was written.
///
/// Line endings and trailing whitespace do not count; everything else,
/// indentation and comments included, does.
public enum Fingerprint {
    /// The first 12 hex digits of the SHA-256 of the normalised code.
    public static func of(_ code: String) -> String {
        let digest = SHA256.hash(data: Array(normalized(code).utf8))
        return String(hex(digest).prefix(12))
    }

    static func normalized(_ code: String) -> String {
        var lines = code
            .split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { line in String(line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)]) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// SHA-256 of bytes or text, as lower-case hex.
enum Digest {
    static func sha256(_ bytes: some DataProtocol) -> String {
        Fingerprint.hex(SHA256.hash(data: bytes))
    }

    static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }

    /// The SHA-256 of a file, read in chunks so a large binary is never
    /// held in memory whole. Nil if the file cannot be read.
    static func sha256(fileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return Fingerprint.hex(hasher.finalize())
    }
}
