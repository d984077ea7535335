/// A cache file of parts, each under a key (64 hex digits): a tag line,
/// then for each part its key, its length in decimal and a newline, and its
/// bytes. Written in one piece, atomically; read back into slices of the
/// file as read, each checked only when asked for.
enum KeyedParts {
    static func write(_ parts: [(key: String, bytes: ArraySlice<UInt8>)], tag: [UInt8], to path: String) {
        var chunks = [tag[...]]
        for (key, bytes) in parts {
            chunks.append(Array((key + "\(bytes.count)\n").utf8)[...])
            chunks.append(bytes)
        }
        FileBytes.writeAtomically(chunks, to: path)
    }

    /// The parts of a file ``write(_:tag:to:)`` wrote with `tag`, as far as
    /// it reads, and whether the file is exactly those parts (nothing cut
    /// short or added).
    static func read(_ bytes: [UInt8], tag: [UInt8]) -> (parts: [String: ArraySlice<UInt8>], whole: Bool) {
        guard bytes.starts(with: tag) else { return ([:], false) }
        var parts: [String: ArraySlice<UInt8>] = [:]
        var position = tag.count
        while position + 64 < bytes.count {
            let key = String(decoding: bytes[position..<position + 64], as: UTF8.self)
            position += 64
            guard let newline = bytes[position...].prefix(12).firstIndex(of: 0x0A),
                let length = Int(String(decoding: bytes[position..<newline], as: UTF8.self)),
                length <= bytes.count - newline - 1
            else { return (parts, false) }
            parts[key] = bytes[newline + 1..<newline + 1 + length]
            position = newline + 1 + length
        }
        return (parts, position == bytes.count)
    }
}

/// A 64-bit FNV-1a checksum over words: it tells bytes cut short or changed
/// in a cache file, and is no defence against someone who may write to the cache.
enum Checksum {
    /// FNV-1a over little-endian 64-bit words (the last one zero-padded),
    /// then the length: eight bytes a multiplication, for megabytes of parses.
    static func words(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let whole = bytes.count / 8
        for index in 0..<whole {
            hash =
                (hash ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
                &* 0x100_0000_01b3
        }
        var last: UInt64 = 0
        for index in (whole * 8)..<bytes.count { last |= UInt64(bytes[index]) << (8 * UInt64(index - whole * 8)) }
        hash = (hash ^ last) &* 0x100_0000_01b3
        return (hash ^ UInt64(bytes.count)) &* 0x100_0000_01b3
    }

    /// `body` followed by its ``words(_:)`` checksum, eight bytes, little-endian.
    static func append(to body: inout [UInt8]) {
        let sum = body.withUnsafeBytes { words($0) }
        withUnsafeBytes(of: sum.littleEndian) { body.append(contentsOf: $0) }
    }

    /// The body of bytes that ``append(to:)`` made, or nil when its checksum does not match.
    static func body(of bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard bytes.count >= 8 else { return nil }
        let body = bytes[..<(bytes.endIndex - 8)]
        var stored: UInt64 = 0
        withUnsafeMutableBytes(of: &stored) { $0.copyBytes(from: bytes[(bytes.endIndex - 8)...]) }
        return UInt64(littleEndian: stored) == body.withUnsafeBytes({ words($0) }) ? body : nil
    }
}
