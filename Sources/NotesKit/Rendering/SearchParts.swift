import Foundation

extension SearchIndex {
    /// The index of some consecutive sections: what each shows in a result,
    /// and every term with its postings, the sections numbered from 0.
    ///
    /// A site's index is made of parts of a few chapters each
    /// (``SearchMemo``), joined by ``merged(_:)``: a build after one chapter
    /// changed reads the other parts back instead of cutting their terms again.
    struct Part: Sendable, Equatable {
        /// What a result shows of a section.
        struct Doc: Sendable, Equatable {
            var url: String
            var title: String
            var chapter: String
            var snippet: String
        }

        var docs: [Doc] = []
        var terms: [String] = []
        /// By term: doc, code, doc, code… (see ``SearchIndex``), docs in order.
        var postings: [[UInt32]] = []

        init(docs: [Doc] = [], terms: [String] = [], postings: [[UInt32]] = []) {
            self.docs = docs
            self.terms = terms
            self.postings = postings
        }

        /// The sections' terms cut and counted; many sections are cut in runs, on every core.
        init(_ entries: [SearchEntry]) {
            let run = 1024
            guard entries.count > run else {
                self.init(entries[...])
                return
            }
            var parts = Parallel.mapRuns(of: entries.count, run: run) { Part(entries[$0]) }
            let (docs, terms, postings) = Self.merged(&parts)
            self.init(docs: docs, terms: terms, postings: postings)
        }

        private init(_ entries: ArraySlice<SearchEntry>) {
            var counter = PostingsCounter()
            for (doc, entry) in entries.enumerated() {
                counter.weight = 1
                for text in entry.texts { SearchTerms.scan(text, into: &counter) }
                counter.weight = 8
                SearchTerms.scan(entry.title, into: &counter)
                counter.close(doc: doc)
            }
            self.init(
                docs: entries.map { Doc(url: $0.url, title: $0.title, chapter: $0.chapter, snippet: $0.snippet) },
                terms: counter.terms, postings: counter.postings)
        }

        /// The parts as one, in order: each part's docs numbered after the
        /// docs of the parts before it, its terms joined to the same terms
        /// of the others by their bytes. Each part is emptied once joined,
        /// so that its memory goes as the whole grows.
        static func merged(_ parts: inout [Part]) -> (docs: [Doc], terms: [String], postings: [[UInt32]]) {
            guard parts.count != 1 else { return (parts[0].docs, parts[0].terms, parts[0].postings) }
            var numbers = TermNumbers()
            var docs: [Doc] = []
            var terms: [String] = []
            var postings: [[UInt32]] = []
            for index in parts.indices {
                let part = parts[index]
                parts[index] = Part()
                let offset = UInt32(docs.count)
                docs += part.docs
                for (term, list) in zip(part.terms, part.postings) {
                    var term = term
                    let (number, isNew) = term.withUTF8 { numbers.number(of: $0) }
                    if isNew {
                        terms.append(term)
                        postings.append([])
                    }
                    postings[number].reserveCapacity(postings[number].count + list.count)
                    for index in stride(from: 0, to: list.count, by: 2) {
                        postings[number].append(list[index] + offset)
                        postings[number].append(list[index + 1])
                    }
                }
            }
            return (docs, terms, postings)
        }
    }
}

// MARK: - Kept between builds

extension SearchIndex.Part {
    /// The part as bytes for the cache: a tag, the docs, the terms with
    /// their postings (as differences, in variable-length integers), and an
    /// FNV-1a checksum of all that, so that a file cut short or changed is
    /// not read back as a part.
    var bytes: [UInt8] {
        var writer = PartWriter()
        writer.bytes.append(contentsOf: Self.tag)
        writer.integer(docs.count)
        for doc in docs {
            for text in [doc.url, doc.title, doc.chapter, doc.snippet] { writer.string(text) }
        }
        writer.integer(terms.count)
        for (term, list) in zip(terms, postings) {
            writer.string(term)
            writer.integer(list.count / 2)
            var previous: UInt32 = 0
            for index in stride(from: 0, to: list.count, by: 2) {
                writer.integer(Int(list[index] - previous))
                writer.integer(Int(list[index + 1]))
                previous = list[index]
            }
        }
        let checksum = TermNumbers.fnv1a(writer.bytes[...])
        withUnsafeBytes(of: checksum.littleEndian) { writer.bytes.append(contentsOf: $0) }
        return writer.bytes
    }

    /// The part written as ``bytes``, or nil if these are not such bytes.
    init?(bytes: [UInt8]) {
        guard bytes.count >= Self.tag.count + 8, bytes.starts(with: Self.tag) else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var stored: UInt64 = 0
        withUnsafeMutableBytes(of: &stored) { $0.copyBytes(from: bytes[(bytes.count - 8)...]) }
        guard UInt64(littleEndian: stored) == TermNumbers.fnv1a(body) else { return nil }
        var reader = PartReader(bytes: body, position: Self.tag.count)
        guard let docCount = reader.integer(limit: body.count) else { return nil }
        var docs: [Doc] = []
        docs.reserveCapacity(docCount)
        for _ in 0..<docCount {
            guard let url = reader.string(), let title = reader.string(), let chapter = reader.string(),
                let snippet = reader.string()
            else { return nil }
            docs.append(Doc(url: url, title: title, chapter: chapter, snippet: snippet))
        }
        guard let termCount = reader.integer(limit: body.count) else { return nil }
        var terms: [String] = []
        var postings: [[UInt32]] = []
        terms.reserveCapacity(termCount)
        postings.reserveCapacity(termCount)
        for _ in 0..<termCount {
            guard let term = reader.string(), let pairs = reader.integer(limit: body.count) else { return nil }
            var list: [UInt32] = []
            list.reserveCapacity(pairs * 2)
            var doc = 0
            for _ in 0..<pairs {
                guard let step = reader.integer(limit: docCount), let code = reader.integer(limit: Int(UInt32.max))
                else { return nil }
                doc += step
                guard doc < docCount else { return nil }
                list.append(UInt32(doc))
                list.append(UInt32(code))
            }
            terms.append(term)
            postings.append(list)
        }
        guard reader.position == body.endIndex else { return nil }
        self.init(docs: docs, terms: terms, postings: postings)
    }

    /// Bumped whenever what a part holds, or how it is written, changes.
    private static let tag = Array("notes-search-part 1\n".utf8)
}

private struct PartWriter {
    var bytes: [UInt8] = []

    /// Seven bits a byte, the high bit set on all but the last.
    mutating func integer(_ value: Int) {
        var value = UInt64(value)
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

private struct PartReader {
    let bytes: ArraySlice<UInt8>
    var position: Int

    /// The next integer, if it is there and at most `limit`.
    mutating func integer(limit: Int) -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex, shift < 63 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(limit) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    mutating func string() -> String? {
        guard let count = integer(limit: bytes.endIndex - position) else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<position + count], as: UTF8.self)
    }
}

/// The parts of a site's search index, kept in the cache beside its
/// manifest (`sites/<digest>.search`), one file for all of them, each
/// part under the digest of its chapters' inputs
/// (``SitePlan/chapterDigest(_:)``, which covers the `notes` binary too).
/// A part that cannot be read is made again. The file is written again,
/// in one piece, whenever a build made a part, and holds only the parts
/// that build used.
struct SearchMemo: Sendable {
    /// How many consecutive chapters a part holds: an edit makes one part again.
    static let chaptersPerPart = 16

    let path: String
    /// Each kept part's bytes, by key; read once, decoded only when asked for.
    private let kept: [String: ArraySlice<UInt8>]

    /// Nil when the site keeps no manifest: then nothing is kept.
    init?(manifestPath: String?) {
        guard let manifestPath else { return nil }
        path = (manifestPath.hasSuffix(".json") ? String(manifestPath.dropLast(5)) : manifestPath) + ".search"
        kept = FileManager.default.contents(atPath: path).map { Self.index([UInt8]($0)) } ?? [:]
    }

    /// The name of the part of chapters with these digests.
    static func key(chapterDigests: some Sequence<String>) -> String {
        Digest.sha256((["search part"] + chapterDigests).joined(separator: "\n"))
    }

    func load(_ key: String) -> SearchIndex.Part? {
        kept[key].flatMap { SearchIndex.Part(bytes: Array($0)) }
    }

    /// The keys of the parts kept, for tests.
    var keys: Set<String> { Set(kept.keys) }

    /// Keeps `parts`, in one file written atomically, unless it holds them
    /// already; a part read back is copied as it was read, not encoded again.
    func save(_ parts: [(key: String, part: SearchIndex.Part, made: Bool)]) {
        guard parts.contains(where: \.made) || keys != Set(parts.map(\.key)) else { return }
        var bytes = Self.tag
        for (key, part, made) in parts {
            let encoded = made ? part.bytes[...] : kept[key] ?? part.bytes[...]
            bytes += Array(key.utf8) + Array("\(encoded.count)\n".utf8)
            bytes += encoded
        }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `notes-search-parts 1`, then for each part its key (64 hex digits),
    /// its length in decimal and a newline, and its bytes.
    private static let tag = Array("notes-search-parts 1\n".utf8)

    private static func index(_ bytes: [UInt8]) -> [String: ArraySlice<UInt8>] {
        guard bytes.starts(with: tag) else { return [:] }
        var parts: [String: ArraySlice<UInt8>] = [:]
        var position = tag.count
        while position + 64 < bytes.count {
            let key = String(decoding: bytes[position..<position + 64], as: UTF8.self)
            position += 64
            guard let newline = bytes[position...].prefix(12).firstIndex(of: 0x0A),
                let length = Int(String(decoding: bytes[position..<newline], as: UTF8.self)),
                length <= bytes.count - newline - 1
            else { return parts }
            parts[key] = bytes[newline + 1..<newline + 1 + length]
            position = newline + 1 + length
        }
        return parts
    }
}
