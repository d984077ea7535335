import ExampleKit
import Foundation

/// One searchable section: a heading of a chapter page and what follows it.
struct SearchEntry: Sendable, Equatable {
    /// The page and anchor, e.g. `02-pools.html#2线程池`.
    var url: String
    var title: String
    var chapter: String
    /// Prose and code of the section, Python and Swift included: the
    /// texts as the notes and sources hold them, not copied into one.
    var texts: [String]
    /// A short excerpt shown under the result.
    var snippet: String

    /// The texts, each on its own lines.
    var body: String { texts.map { $0 + "\n" }.joined() }
}

/// The offline search index: small scripts that `search.js` loads as a
/// query needs them (a page opened from file:// cannot fetch a JSON file,
/// but it can add a `<script>`).
///
/// - `search/index.js`, the only one the search page loads, sets
///   `window.NOTES_SEARCH` to the number of sections and of shards.
/// - `search/terms-N.js` holds the postings of the terms whose first two
///   characters hash to N (``termShard(_:count:)``), so a word's prefix
///   matches all sit in the shard of the word: `[[term, [doc, code, …]], …]`,
///   each doc a difference from the one before, each code the weight times
///   two plus one if the term is in the section's title. A term weighs 1 for
///   each time it is in the body and 8 for each time it is in the title.
/// - `search/titles-N.js` holds the sections by lower-cased title, with and
///   without its leading number (``titleKeys(_:)``), for the query that
///   names a section exactly: `[[title, [doc, …]], …]`, docs as differences.
/// - `search/docs-N.js` holds sections N × `docsPerShard` onwards:
///   `[[url, title, chapter, snippet], …]`.
///
/// Each shard calls `window.NOTES_SEARCH_SHARD(name, data)`. Shards of terms
/// and titles are sized to about ``shardBytes``, so their number grows with
/// the book. Everything is sorted, nothing depends on `Hasher`'s random seed,
/// and the same sections give the same bytes. Terms are cut by ``SearchTerms``.
enum SearchIndex {
    /// The folder of the index in the site.
    static let folder = SiteMap.searchFolder
    /// About how large a shard of terms or titles grows before the index takes another.
    static let shardBytes = 64 * 1024
    /// How many sections a shard of docs lists.
    static let docsPerShard = 50

    /// One entry per heading of the document (and one for text before the
    /// first, if any), holding the section's prose, its code and its ports' code.
    /// - Parameter views: The document's own block views.
    static func entries(of document: Document, views: [BlockView]) -> [SearchEntry] {
        // The view's index by its block's line, unique in its note: hashing
        // the whole code of each block costs more, and a view is large.
        var viewOfBlock: [Int: Int] = [:]
        for index in views.indices where viewOfBlock[views[index].bound.block.line] == nil {
            viewOfBlock[views[index].bound.block.line] = index
        }
        let chapter = document.displayTitle
        var entries: [SearchEntry] = []
        var current = SearchEntry(url: document.pageName, title: chapter, chapter: chapter, texts: [], snippet: "")
        var codeSnippet = ""
        func finish() {
            if current.snippet.isEmpty { current.snippet = codeSnippet }
            if !current.texts.isEmpty || current.url != document.pageName { entries.append(current) }
        }
        for item in document.blocks {
            switch item {
            case .heading(let heading):
                finish()
                current = SearchEntry(
                    url: URLPath.href(document.pageName, fragment: heading.anchor),
                    title: heading.text, chapter: chapter, texts: [], snippet: "")
                codeSnippet = ""
            case .prose(let prose):
                current.texts.append(prose.text)
                if current.snippet.isEmpty { current.snippet = excerpt(prose.text) }
            case .code(let code):
                current.texts.append(code.code)
                if codeSnippet.isEmpty { codeSnippet = excerpt(code.code) }
                if let index = viewOfBlock[code.line], !views[index].bound.examples.isEmpty,
                    views[index].bound.block == code
                {
                    for example in views[index].bound.examples {
                        current.texts += [example.id, views[index].sources[example.id]?.code ?? ""]
                    }
                }
            }
        }
        finish()
        return entries
    }

    /// The index's files: `search/index.js` first, then the shards of
    /// terms, titles and docs, each kind by number.
    static func files(_ entries: [SearchEntry]) -> [SiteFile] {
        files(parts: [Part(entries)])
    }

    /// ``write(parts:jobs:termsPerRun:to:)``'s files, in the order of ``files(_:)``.
    static func files(parts: consuming [Part], jobs: Int = Parallel.processors, termsPerRun: Int? = nil) -> [SiteFile] {
        let made = Made()
        write(parts: parts, jobs: jobs, termsPerRun: termsPerRun) { made.add($0) }
        let kinds = ["index", "terms", "titles", "docs"]
        func order(_ file: SiteFile) -> (kind: Int, number: Int) {
            let name = file.path.dropFirst(folder.count + 1).dropLast(3)  // search/terms-12.js
            let kind = name.prefix { $0 != "-" }
            return (kinds.firstIndex(of: String(kind)) ?? kinds.count, Int(name.dropFirst(kind.count + 1)) ?? 0)
        }
        return made.files.sorted { order($0) < order($1) }
    }

    /// The files made so far, from any thread.
    private final class Made: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [SiteFile] = []

        func add(_ file: SiteFile) { lock.withLock { made.append(file) } }
        var files: [SiteFile] { lock.withLock { made } }
    }

    /// Writes the index of the sections of `parts`, in order: each part's
    /// sections numbered after those of the parts before it.
    ///
    /// Once the parts are joined, the terms' shards, the titles' shards and
    /// the docs' shards are written at once: this is the tail of a build,
    /// when the chapters are done and cores would otherwise wait. Each file
    /// goes to `emit` as soon as it is made, from whichever thread made it,
    /// `search/index.js` last; only the shards being written are held. The
    /// bytes do not depend on how the work is split.
    /// - Parameter termsPerRun: How many terms each run measures; by default
    ///   enough for sixteen runs a job (terms differ widely in postings), and at least 64.
    /// - Returns: How many files there are.
    @discardableResult
    static func write<E: Error>(
        parts: consuming [Part], jobs: Int = Parallel.processors, termsPerRun: Int? = nil,
        to emit: @Sendable (SiteFile) throws(E) -> Void
    ) throws(E) -> Int {
        let merged = StageClock.time("search: merge", taking: parts) { Part.merged($0) }
        let docs = merged.docs
        let counts = try StageClock.time("search: shards") { () throws(E) -> [Int] in
            try Parallel.map(3, jobs: jobs) { kind throws(E) -> Int in
                switch kind {
                case 0:
                    // Each term's record measured on every core, then written straight into its shard.
                    let count = merged.terms.count
                    let run = termsPerRun ?? max(64, (count + 16 * jobs - 1) / (16 * jobs))
                    let keys = Parallel.mapRuns(of: count, run: run, jobs: jobs) { numbers in
                        numbers.map { Key(text: merged.terms.string(of: $0), size: termRecordSize(merged, $0)) }
                    }
                    return try shards("terms", keys: Array(keys.joined()), shard: termShard, jobs: jobs, emit: emit) {
                        termRecord(merged, $1, into: &$0)
                    }
                case 1:
                    let (script, records) = titleRecords(docs)
                    let keys = records.map { Key(text: $0.key, size: $0.range.count) }
                    return try shards("titles", keys: keys, shard: titleShard, jobs: jobs, emit: emit) {
                        $0.raw(script.bytes[records[$1].range])
                    }
                default:
                    let count = (docs.count + docsPerShard - 1) / docsPerShard
                    _ = try Parallel.map(count, jobs: jobs) { number throws(E) in
                        var script = ScriptBytes()
                        let start = number * docsPerShard
                        script.list(docs[start..<min(start + docsPerShard, docs.count)]) { script, doc in
                            script.list([doc.url, doc.title, doc.chapter, doc.snippet]) { $0.string($1) }
                        }
                        try emit(shardFile("docs-\(number)", script.bytes[...]))
                    }
                    return count
                }
            }
        }
        let bootstrap =
            "// The site's search index, built by `notes build`; search.js loads the shards in search/ a query needs.\n"
            + "window.NOTES_SEARCH = {\"docs\":\(docs.count),\"docsPerShard\":\(docsPerShard),"
            + "\"termShards\":\(counts[0]),\"titleShards\":\(counts[1])};\n"
        try emit(SiteFile("\(folder)/index.js", bootstrap))
        return counts.reduce(1, +)
    }

    /// The shard of the terms that begin with the same two characters as
    /// `term`: a word typed in part finds the words it begins in one shard.
    static func termShard(_ term: String, count: Int) -> Int {
        Int(hash(String(String.UnicodeScalarView(term.unicodeScalars.prefix(2)))) % UInt32(count))
    }

    /// The shard of a title key (``titleKeys(_:)``).
    static func titleShard(_ key: String, count: Int) -> Int {
        Int(hash(key) % UInt32(count))
    }

    /// 32-bit FNV-1a over the text's UTF-16 code units, which JavaScript
    /// strings are made of, so that `search.js` computes it in a few lines.
    static func hash(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for unit in text.utf16 { hash = (hash ^ UInt32(unit)) &* 16_777_619 }
        return hash
    }

    /// The queries that name a section exactly, as `search.js` reads a query:
    /// trimmed and lower-cased, and the same again without a leading number
    /// such as `1.2.` (its digits, dots and spaces).
    static func titleKeys(_ title: String) -> [String] {
        let whole = trimmed(title.lowercased())
        let bare = trimmed(
            String(whole.unicodeScalars.drop { isJavaScriptSpace($0) || $0 == "." || ("0"..."9").contains($0) }))
        return [whole, bare].filter { !$0.isEmpty }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Chinese, Japanese kana and Korean syllables: each character is a term.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            true
        default: false
        }
    }

    /// The text's first 110 characters on one line (its lines trimmed and
    /// joined by spaces), with `…` when there is more.
    ///
    /// Lines are found by scalars (a line break is always a character of
    /// its own) and only until there is more than enough: a section's code
    /// may run to megabytes, and its first line may be long. Of each line
    /// at most 112 characters are kept: once there are 111, adding text
    /// changes at most the last character (it may combine), so 110 are settled.
    static func excerpt(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var flat = ""
        var position = scalars.startIndex
        var first = true
        while flat.count <= 111 {
            while position < scalars.endIndex, isLineBreak(scalars[position]) { scalars.formIndex(after: &position) }
            guard position < scalars.endIndex else { break }
            var end = position
            while end < scalars.endIndex, !isLineBreak(scalars[end]) { scalars.formIndex(after: &end) }
            // Trimmed as `trimmingCharacters(in: .whitespaces)` would, scalar by scalar.
            var start = position
            while start < end, CharacterSet.whitespaces.contains(scalars[start]) { scalars.formIndex(after: &start) }
            var stop = end
            while stop > start, CharacterSet.whitespaces.contains(scalars[scalars.index(before: stop)]) {
                scalars.formIndex(before: &stop)
            }
            flat += (first ? "" : " ") + Substring(scalars[start..<stop]).prefix(112)
            first = false
            position = end
        }
        return flat.count > 110 ? String(flat.prefix(110)) + "…" : flat
    }

    /// The scalars that are a `Character` for which `isNewline` holds.
    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// One key of a shard and its JSON, `[key,[…]]`, as a range of a shared buffer.
    struct Record {
        var key: String
        var range: Range<Int>
    }

    /// A record's key, and the size of its JSON.
    private struct Key: Sendable {
        var text: String
        var size: Int
    }

    /// Term `number`'s record, `[term,[doc,code,doc,code…]]`, docs as
    /// differences, in doc order.
    private static func termRecord(_ merged: Merged, _ number: Int, into script: inout ScriptBytes) {
        script.raw("[")
        script.string(merged.terms.string(of: number))
        script.raw(",[")
        var previous: Int?
        merged.forEachPosting(of: number) { doc, code in
            script.pair(doc - (previous ?? 0), code, afterAnother: previous != nil)
            previous = doc
        }
        script.raw("]]")
    }

    /// The size of ``termRecord(_:_:into:)``'s bytes, counted, not written.
    private static func termRecordSize(_ merged: Merged, _ number: Int) -> Int {
        var key = ScriptBytes()
        key.string(merged.terms.string(of: number))
        return key.count + 5 + merged.postingsSize(number)  // [key,[…]]
    }

    private static func titleRecords(_ sections: [Part.Doc]) -> (ScriptBytes, [Record]) {
        var docs: [String: [Int]] = [:]
        // Each title lower-cased and trimmed on every core; then gathered in order.
        for (doc, keys) in Parallel.mapEach(sections, { titleKeys($0.title) }).enumerated() {
            for key in keys { docs[key, default: []].append(doc) }
        }
        var script = ScriptBytes()
        var records: [Record] = []
        records.reserveCapacity(docs.count)
        for (key, list) in docs {
            let start = script.count
            script.raw("[")
            script.string(key)
            script.raw(",[")
            for (index, doc) in list.enumerated() {
                if index > 0 { script.raw(",") }
                script.number(doc - (index > 0 ? list[index - 1] : 0))
            }
            script.raw("]]")
            records.append(Record(key: key, range: start..<script.count))
        }
        return (script, records)
    }

    /// Enough shards of about ``shardBytes`` each (at least one, so that
    /// `search.js` always finds the file it computes), each sorted by key,
    /// written on every core and handed to `emit` one by one.
    /// - Parameters:
    ///   - keys: The records' keys and sizes.
    ///   - record: Writes record `index` of `keys`, exactly its size.
    /// - Returns: How many shards there are.
    private static func shards<E: Error>(
        _ kind: String, keys: [Key], shard: (String, Int) -> Int, jobs: Int,
        emit: @Sendable (SiteFile) throws(E) -> Void, record: @Sendable (inout ScriptBytes, Int) -> Void
    ) throws(E) -> Int {
        let total = keys.reduce(0) { $0 + $1.size }
        let count = max(1, (total + shardBytes - 1) / shardBytes)
        var members = [[Int]](repeating: [], count: count)
        for (index, key) in keys.enumerated() { members[shard(key.text, count)].append(index) }
        let dealt = members
        _ = try Parallel.map(count, jobs: jobs) { number throws(E) in
            let sorted = dealt[number].sorted { keys[$0].text.utf8.lexicographicallyPrecedes(keys[$1].text.utf8) }
            var data = ScriptBytes()
            data.reserve(sorted.reduce(2) { $0 + keys[$1].size + 1 })
            data.list(sorted) { script, index in
                let start = script.count
                record(&script, index)
                assert(script.count - start == keys[index].size, "a record of \(kind) is not the size measured")
            }
            try emit(shardFile("\(kind)-\(number)", data.bytes[...]))
        }
        return count
    }

    /// `search/NAME.js`, which hands `data` to `search.js`.
    private static func shardFile(_ name: String, _ data: ArraySlice<UInt8>) -> SiteFile {
        var script = ScriptBytes()
        script.raw("window.NOTES_SEARCH_SHARD(")
        script.string(name)
        script.raw(",")
        script.raw(data)
        script.raw(");\n")
        return SiteFile("\(folder)/\(name).js", bytes: script.bytes)
    }

    /// JavaScript's `\s`, which `trim()` removes.
    static func isJavaScriptSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isJavaScriptSpace($0) }),
            let last = scalars.lastIndex(where: { !isJavaScriptSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}

/// Terms numbered by their UTF-8 bytes, in the order first seen: an
/// open-addressing table over one buffer of every term's bytes, so that
/// counting a term that is already known makes no `String` and hashes a
/// few bytes with FNV-1a, not a `String`'s normalized form.
struct TermNumbers {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []
    private var hashes: [UInt64] = []

    /// How many terms there are.
    var count: Int { ranges.count }

    /// Calls `body` with the bytes of term `number`.
    func withBytes<T>(of number: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[ranges[number]])) }
    }

    func string(of number: Int) -> String {
        withBytes(of: number) { String(decoding: $0, as: UTF8.self) }
    }

    /// The term's number, and whether it was new.
    mutating func number(of term: UnsafeBufferPointer<UInt8>) -> (number: Int, isNew: Bool) {
        let hash = Self.fnv1a(term)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let number = Int(slots[slot])
            if hashes[number] == hash, equal(number, term) { return (number, false) }
            slot = (slot + 1) & mask
        }
        let number = ranges.count
        slots[slot] = Int32(number)
        ranges.append(bytes.count..<bytes.count + term.count)
        bytes.append(contentsOf: term)
        hashes.append(hash)
        if ranges.count * 2 > slots.count { grow() }
        return (number, true)
    }

    /// 64-bit FNV-1a of the bytes: a few instructions a byte, the same on every run.
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private func equal(_ number: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = ranges[number]
        guard range.count == term.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            term.count == 0 || memcmp(stored.baseAddress! + range.lowerBound, term.baseAddress!, term.count) == 0
        }
    }

    /// Twice the slots, every term placed again by its hash.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }
}
