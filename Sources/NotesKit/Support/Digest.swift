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
        /// Small updates gathered and handed over a few kilobytes at a
        /// time: a fingerprint updates once a line, and a call into
        /// SHA-256 costs more than a short line.
        private var pending: [UInt8] = []
        private static let gather = 4096

        mutating func update(_ text: Substring) {
            var text = text
            text.withUTF8 { update(bytes: UnsafeRawBufferPointer($0)) }
        }

        mutating func update(bytes: UnsafeRawBufferPointer) {
            if pending.count + bytes.count > Self.gather { flush() }
            if bytes.count >= Self.gather {
                state.update(bufferPointer: bytes)
            } else {
                pending.append(contentsOf: bytes)
            }
        }

        mutating func update(byte: UInt8) {
            if pending.count >= Self.gather { flush() }
            pending.append(byte)
        }

        private mutating func flush() {
            pending.withUnsafeBytes { state.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
        }

        func hex() -> String {
            var state = state
            pending.withUnsafeBytes { state.update(bufferPointer: $0) }
            return Digest.hex(state.finalize())
        }
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
