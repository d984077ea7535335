/// A value's `Encodable` contents as a byte stream that is the same on
/// every run (keys in the order the type encodes them, no hashing seeds),
/// for a digest. It is several times faster than JSON with sorted keys,
/// and not meant to be read back.
enum StableEncoding {
    static func bytes(of value: some Encodable) -> [UInt8] {
        let sink = Sink()
        try? value.encode(to: StreamEncoder(sink: sink, codingPath: []))
        return sink.bytes
    }

    final class Sink {
        /// Only this encoding, on one thread, appends to it: the run-time
        /// check for overlapping access cost more than the appends.
        @exclusivity(unchecked) var bytes: [UInt8] = []

        func tag(_ tag: UInt8) { bytes.append(tag) }

        /// Length-prefixed, so that no two sequences of strings write the same bytes.
        func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                integer(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        func integer(_ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }

    struct StreamEncoder: Encoder {
        let sink: Sink
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.tag(UInt8(ascii: "{"))
            return KeyedEncodingContainer(Keyed<Key>(sink: sink, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.tag(UInt8(ascii: "["))
            return Unkeyed(sink: sink, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(sink: sink, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        var codingPath: [any CodingKey]

        private func key(_ key: Key) { sink.string(key.stringValue) }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            sink.tag(0)
        }

        // The common values are written here, not through a boxed single-value container.
        mutating func encode(_ value: String, forKey key: Key) throws {
            self.key(key)
            sink.tag(UInt8(ascii: "s"))
            sink.string(value)
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            self.key(key)
            sink.tag(value ? 1 : 2)
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            self.key(key)
            sink.tag(UInt8(ascii: "i"))
            sink.integer(UInt64(bitPattern: Int64(value)))
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            self.key(key)
            sink.tag(UInt8(ascii: "d"))
            sink.integer(value.bitPattern)
        }

        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            self.key(key)
            try value.encode(to: StreamEncoder(sink: sink, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return StreamEncoder(sink: sink, codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            return StreamEncoder(sink: sink, codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { StreamEncoder(sink: sink, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            self.key(key)
            return StreamEncoder(sink: sink, codingPath: codingPath)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        var codingPath: [any CodingKey]
        var count = 0

        mutating func encodeNil() throws {
            count += 1
            sink.tag(0)
        }

        mutating func encode(_ value: String) throws {
            count += 1
            sink.tag(UInt8(ascii: ","))
            sink.tag(UInt8(ascii: "s"))
            sink.string(value)
        }

        mutating func encode(_ value: some Encodable) throws {
            count += 1
            sink.tag(UInt8(ascii: ","))
            try value.encode(to: StreamEncoder(sink: sink, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            return StreamEncoder(sink: sink, codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            count += 1
            return StreamEncoder(sink: sink, codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { StreamEncoder(sink: sink, codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: Sink
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { sink.tag(0) }
        mutating func encode(_ value: Bool) throws { sink.tag(value ? 1 : 2) }
        mutating func encode(_ value: String) throws {
            sink.tag(UInt8(ascii: "s"))
            sink.string(value)
        }
        mutating func encode(_ value: Double) throws {
            sink.tag(UInt8(ascii: "d"))
            sink.integer(value.bitPattern)
        }
        mutating func encode(_ value: Float) throws { try encode(Double(value)) }
        mutating func encode(_ value: Int) throws { try encode(Int64(value)) }
        mutating func encode(_ value: Int8) throws { try encode(Int64(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int64(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int64(value)) }
        mutating func encode(_ value: Int64) throws {
            sink.tag(UInt8(ascii: "i"))
            sink.integer(UInt64(bitPattern: value))
        }
        mutating func encode(_ value: UInt) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt64) throws {
            sink.tag(UInt8(ascii: "u"))
            sink.integer(value)
        }
        mutating func encode(_ value: some Encodable) throws {
            try value.encode(to: StreamEncoder(sink: sink, codingPath: codingPath))
        }
    }
}
