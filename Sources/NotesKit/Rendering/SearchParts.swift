import Foundation

extension SearchIndex {
    /// The index of some consecutive sections, the sections numbered from
    /// 0: what each shows in a result, and every term with its postings.
    ///
    /// A site's index is made of parts of a few chapters each
    /// (``SearchMemo``), joined by ``merged(_:)``: a build after one chapter
    /// changed reads the other parts back instead of cutting their terms again.
    ///
    /// A part is held as the bytes the cache keeps (``bytes``), a few bytes
    /// a posting, never as an array for each of its terms: the parts of a
    /// book of 1,000 chapters hold 1.5 million postings.
    struct Part: Sendable, Equatable {
        /// What a result shows of a section.
        struct Doc: Sendable, Equatable {
            var url: String
            var title: String
            var chapter: String
            var snippet: String
        }

        /// A tag, the docs, the terms in the order first seen, each with
        /// the count of its postings, their size in the index's JSON but for
        /// the first doc, the last doc, and the postings (docs as
        /// differences, and codes), all in variable-length integers; and an
        /// FNV-1a checksum of all that, so that a file cut short or changed
        /// is not read back as a part.
        let bytes: ArraySlice<UInt8>

        /// The part of no section.
        init() {
            self.init(docs: [], terms: TermNumbers(), postings: PostingsCounter.Grouped())
        }

        /// The sections' terms cut and counted; many sections are cut in runs, on every core.
        init(_ entries: [SearchEntry]) {
            let run = 1024
            guard entries.count > run else {
                self.init(entries[...])
                return
            }
            let merged = Self.merged(Parallel.mapRuns(of: entries.count, run: run) { Part(entries[$0]) })
            self.init(docs: merged.docs, terms: merged.terms, postings: merged)
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
                terms: counter.numbers, postings: counter.byTerm())
        }

        /// The part of these docs and terms, numbered as in `postings`.
        private init(docs: [Doc], terms: TermNumbers, postings: some TermPostings) {
            var writer = PartWriter()
            writer.bytes.reserveCapacity(Self.tag.count + 16 + docs.count * 64 + terms.count * 16)
            writer.bytes.append(contentsOf: Self.tag)
            writer.integer(docs.count)
            for doc in docs {
                for text in [doc.url, doc.title, doc.chapter, doc.snippet] { writer.string(text) }
            }
            writer.integer(terms.count)
            for number in 0..<terms.count {
                terms.withBytes(of: number) { writer.bytes($0) }
                writer.integer(postings.pairs(number))
                // What the postings take in the index's JSON but for the
                // first doc's digits, which depend on the parts before; and
                // the last doc, which the next part's first is counted from.
                var inner = 0
                var last: Int?
                postings.forEachPosting(of: number) { doc, code in
                    inner += last.map { 1 + ScriptBytes.digits(doc - $0) } ?? 0
                    inner += 1 + ScriptBytes.digits(code)
                    last = doc
                }
                writer.integer(inner)
                writer.integer(last ?? 0)
                var previous = 0
                postings.forEachPosting(of: number) { doc, code in
                    writer.integer(doc - previous)
                    writer.integer(code)
                    previous = doc
                }
            }
            let checksum = TermNumbers.fnv1a(writer.bytes[...])
            withUnsafeBytes(of: checksum.littleEndian) { writer.bytes.append(contentsOf: $0) }
            bytes = writer.bytes[...]
        }

        /// The part written as ``bytes``, or nil if these are not such bytes:
        /// the checksum is checked, and every length and doc number, so that
        /// joining parts never reads past their ends.
        init?(bytes: ArraySlice<UInt8>) {
            guard bytes.count >= Self.tag.count + 8, bytes.starts(with: Self.tag) else { return nil }
            let body = bytes[..<(bytes.endIndex - 8)]
            var stored: UInt64 = 0
            withUnsafeMutableBytes(of: &stored) { $0.copyBytes(from: bytes[(bytes.endIndex - 8)...]) }
            guard UInt64(littleEndian: stored) == TermNumbers.fnv1a(body) else { return nil }
            let whole = body.withUnsafeBufferPointer { buffer -> Bool in
                var reader = PartReader(buffer, position: Self.tag.count)
                guard let docCount = reader.integer(limit: buffer.count) else { return false }
                for _ in 0..<docCount * 4 {
                    guard reader.skipString() != nil else { return false }
                }
                guard let termCount = reader.integer(limit: buffer.count) else { return false }
                for _ in 0..<termCount {
                    guard reader.skipString() != nil, let pairs = reader.integer(limit: docCount),
                        let inner = reader.integer(limit: Int(UInt32.max)), let last = reader.integer(limit: docCount)
                    else { return false }
                    var doc = 0
                    var size = 0
                    for index in 0..<pairs {
                        guard let step = reader.integer(limit: docCount),
                            let code = reader.integer(limit: Int(UInt32.max))
                        else { return false }
                        doc += step
                        guard doc < docCount else { return false }
                        size += (index == 0 ? 0 : 1 + ScriptBytes.digits(step)) + 1 + ScriptBytes.digits(code)
                    }
                    guard size == inner, doc == last else { return false }
                }
                return reader.position == buffer.count
            }
            guard whole else { return nil }
            self.bytes = bytes
        }

        /// The parts as one, in order: each part's docs numbered after the
        /// docs of the parts before it, its terms joined to the same terms
        /// of the others by their bytes.
        ///
        /// The postings stay in the parts' bytes, a few bytes each: the
        /// whole notes, for each term, where each part holds its postings.
        static func merged(_ parts: consuming [Part]) -> Merged {
            var merged = Merged()
            var log: [Int] = []  // term, part, position; term, part, position…
            for (index, part) in parts.enumerated() {
                merged.docOffsets.append(merged.docs.count)
                part.bytes.withUnsafeBufferPointer { buffer in
                    var reader = PartReader(buffer, position: Self.tag.count)
                    for _ in 0..<reader.count() {
                        merged.docs.append(
                            Doc(
                                url: reader.string(), title: reader.string(), chapter: reader.string(),
                                snippet: reader.string()))
                    }
                    for _ in 0..<reader.count() {
                        let (number, _) = merged.terms.number(of: reader.stringBytes())
                        log.append(number)
                        log.append(index)
                        log.append(reader.position)
                        let pairs = reader.count()
                        reader.skipIntegers(2 + 2 * pairs)  // the size and last doc, then the postings
                    }
                }
            }
            // The references laid out by term, in the parts' order.
            merged.references = KeyedRuns(keys: merged.terms.count, logged: log.count / 3) {
                (key: log[3 * $0], value: Merged.Reference(part: log[3 * $0 + 1], position: log[3 * $0 + 2]))
            }
            merged.parts = parts
            return merged
        }

        /// Bumped whenever what a part holds, or how it is written, changes.
        fileprivate static let tag = Array("notes-search-part 2\n".utf8)
    }

    /// Parts joined (``Part/merged(_:)``): the docs, and each term, by its
    /// number, with where its postings are in the parts.
    struct Merged: Sendable, TermPostings {
        /// Where a term's postings are: their count's position in a part's bytes.
        struct Reference: Sendable {
            var part: Int
            var position: Int
        }

        var docs: [Part.Doc] = []
        var terms = TermNumbers()
        /// Each term's, by its number, in the parts' order.
        var references = KeyedRuns<Reference>()
        var parts: [Part] = []
        /// The number of each part's first doc in the whole.
        var docOffsets: [Int] = []

        func pairs(_ number: Int) -> Int {
            references[number].reduce(0) { total, reference in
                parts[reference.part].bytes.withUnsafeBufferPointer {
                    var reader = PartReader($0, position: reference.position)
                    return total + reader.count()
                }
            }
        }

        func forEachPosting(of number: Int, _ body: (_ doc: Int, _ code: Int) -> Void) {
            for reference in references[number] {
                parts[reference.part].bytes.withUnsafeBufferPointer {
                    var reader = PartReader($0, position: reference.position)
                    let pairs = reader.count()
                    reader.skipIntegers(2)  // the size and last doc
                    var doc = docOffsets[reference.part]
                    for _ in 0..<pairs {
                        doc += reader.count()
                        body(doc, reader.count())
                    }
                }
            }
        }

        /// The size of term `number`'s postings in the index's JSON,
        /// `doc,code,doc,code…` with docs as differences: summed from what
        /// each part keeps of its own, without reading the postings.
        func postingsSize(_ number: Int) -> Int {
            var size = 0
            var last: Int?
            for reference in references[number] {
                parts[reference.part].bytes.withUnsafeBufferPointer {
                    var reader = PartReader($0, position: reference.position)
                    guard reader.count() > 0 else { return }
                    let inner = reader.count()
                    let partLast = reader.count()
                    let first = docOffsets[reference.part] + reader.count()
                    size += (last == nil ? 0 : 1) + ScriptBytes.digits(first - (last ?? 0)) + inner
                    last = docOffsets[reference.part] + partLast
                }
            }
            return size
        }
    }
}

/// Each term's postings, by the term's number.
protocol TermPostings {
    /// How many postings term `number` has.
    func pairs(_ number: Int) -> Int
    /// Hands term `number`'s postings to `body`, doc and code, in doc order.
    func forEachPosting(of number: Int, _ body: (_ doc: Int, _ code: Int) -> Void)
}

/// The postings of a run of sections, counted term by term.
///
/// A term is looked up once per occurrence, to find its number; the
/// tallies of a section are then arrays by that number, and only the
/// terms the section touched are visited to close it. The postings are
/// logged in one array as sections close, and laid out by term at the end.
struct PostingsCounter: TermSink {
    /// What each term taken now weighs: 1 in a section's body, 8 in its title (which also marks it).
    var weight = 1
    private(set) var numbers = TermNumbers()
    /// Term, doc, code; term, doc, code…, in doc order.
    private var log: [UInt32] = []
    private var weights: [Int] = []  // in the current section, by term number
    private var inTitle: [Bool] = []
    private var touched: [Int] = []

    mutating func take(_ term: UnsafeBufferPointer<UInt8>) {
        let (number, isNew) = numbers.number(of: term)
        if isNew {
            weights.append(0)
            inTitle.append(false)
        }
        if weights[number] == 0 { touched.append(number) }
        weights[number] += weight
        if weight == 8 { inTitle[number] = true }
    }

    /// Ends section `doc`: a posting for each term it holds.
    mutating func close(doc: Int) {
        for number in touched {
            log.append(UInt32(truncatingIfNeeded: number))
            log.append(UInt32(truncatingIfNeeded: doc))
            log.append(UInt32(clamping: weights[number] * 2 + (inTitle[number] ? 1 : 0)))
            weights[number] = 0
            inTitle[number] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The postings laid out by term, each term's in doc order.
    struct Grouped: TermPostings {
        var postings = KeyedRuns<(doc: UInt32, code: UInt32)>()

        func pairs(_ number: Int) -> Int { postings[number].count }

        func forEachPosting(of number: Int, _ body: (_ doc: Int, _ code: Int) -> Void) {
            for posting in postings[number] { body(Int(posting.doc), Int(posting.code)) }
        }
    }

    func byTerm() -> Grouped {
        Grouped(
            postings: KeyedRuns(keys: numbers.count, logged: log.count / 3) {
                (key: Int(log[3 * $0]), value: (doc: log[3 * $0 + 1], code: log[3 * $0 + 2]))
            })
    }
}

/// Values logged under keys `0..<keys`, laid out by key, each key's in the
/// order logged (a counting sort, which keeps that order): one array for
/// all, not one for each key.
struct KeyedRuns<Value> {
    /// Key `k`'s values are `values[starts[k]..<starts[k + 1]]`.
    private var starts = [0]
    private var values: [Value] = []

    init() {}

    /// - Parameter entry: The key and value logged `n`th, for `n` in `0..<logged`; asked twice.
    init(keys: Int, logged: Int, _ entry: (Int) -> (key: Int, value: Value)) {
        starts = [Int](repeating: 0, count: keys + 1)
        for index in 0..<logged { starts[entry(index).key + 1] += 1 }
        for key in 0..<keys { starts[key + 1] += starts[key] }
        var next = starts
        // Each place is filled once: the keys' runs share out 0..<logged.
        values = [Value](unsafeUninitializedCapacity: logged) { buffer, initialized in
            for index in 0..<logged {
                let (key, value) = entry(index)
                (buffer.baseAddress! + next[key]).initialize(to: value)
                next[key] += 1
            }
            initialized = logged
        }
    }

    subscript(key: Int) -> ArraySlice<Value> { values[starts[key]..<starts[key + 1]] }
}

extension KeyedRuns: Sendable where Value: Sendable {}

// MARK: - Bytes of a part

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
        text.withUTF8 { self.bytes($0) }
    }

    /// A string's bytes, after their count.
    mutating func bytes(_ utf8: UnsafeBufferPointer<UInt8>) {
        integer(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads a part's bytes. The checked readers return nil at anything out of
/// bounds; the others read bytes that were checked when the part was made
/// or read back (``SearchIndex/Part/init(bytes:)``).
private struct PartReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, position: Int) {
        self.buffer = buffer
        self.position = position
    }

    /// The next integer, if it is there and at most `limit`.
    mutating func integer(limit: Int) -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < buffer.count, shift < 63 {
            let byte = buffer[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(limit) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    /// Passes over a string; nil if it runs past the end.
    mutating func skipString() -> Void? {
        guard let count = integer(limit: buffer.count - position) else { return nil }
        position += count
        return ()
    }

    mutating func count() -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = buffer[position]
            position += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func skipIntegers(_ count: Int) {
        var left = count
        while left > 0 {
            if buffer[position] < 0x80 { left -= 1 }
            position += 1
        }
    }

    mutating func stringBytes() -> UnsafeBufferPointer<UInt8> {
        let count = count()
        defer { position += count }
        return UnsafeBufferPointer(rebasing: buffer[position..<position + count])
    }

    mutating func skipStringUnchecked() {
        position += count()
    }

    mutating func string() -> String {
        String(decoding: stringBytes(), as: UTF8.self)
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
    /// Each kept part's bytes, by key, slices of the file as read; checked only when asked for.
    private let kept: [String: ArraySlice<UInt8>]

    /// Nil when the site keeps no manifest: then nothing is kept.
    init?(manifestPath: String?) {
        guard let manifestPath else { return nil }
        path = (manifestPath.hasSuffix(".json") ? String(manifestPath.dropLast(5)) : manifestPath) + ".search"
        kept = FileBytes.read(path).map { KeyedParts.read($0, tag: Self.tag).parts } ?? [:]
    }

    /// The name of the part of chapters with these digests.
    static func key(chapterDigests: some Sequence<String>) -> String {
        Digest.sha256((["search part"] + chapterDigests).joined(separator: "\n"))
    }

    func load(_ key: String) -> SearchIndex.Part? {
        kept[key].flatMap { SearchIndex.Part(bytes: $0) }
    }

    /// The keys of the parts kept, for tests.
    var keys: Set<String> { Set(kept.keys) }

    /// Keeps `parts`, in one file written atomically, unless it holds them
    /// already. The parts' bytes are written as they are, not joined first.
    func save(_ parts: [(key: String, part: SearchIndex.Part, made: Bool)]) {
        guard parts.contains(where: \.made) || keys != Set(parts.map(\.key)) else { return }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        KeyedParts.write(parts.map { ($0.key, $0.part.bytes) }, tag: Self.tag, to: path)
    }

    /// The file's first line (``KeyedParts``).
    private static let tag = Array("notes-search-parts 1\n".utf8)
}
