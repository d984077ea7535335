import Crypto
import Foundation

/// SHA-256 of bytes, text or a file, as lower-case hex.
package enum Digest {
    static func sha256(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }

    /// The SHA-256 of a file, read in chunks so a large binary is never
    /// held in memory whole. Nil if the file cannot be read.
    package static func sha256(fileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// SHA-256 of bytes given piece by piece.
    struct Hasher {
        private var state = SHA256()

        mutating func update(_ text: Substring) {
            var text = text
            text.withUTF8 { state.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }

        mutating func update(bytes: UnsafeRawBufferPointer) {
            state.update(bufferPointer: bytes)
        }

        mutating func update(byte: UInt8) {
            withUnsafeBytes(of: byte) { state.update(bufferPointer: $0) }
        }

        func hex() -> String { Digest.hex(state.finalize()) }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
