import Foundation

/// Notes' parses remembered in the cache, so that a build after one note
/// changed parses that note alone.
///
/// Each parse is kept under the digest of what it read: the memo's format,
/// the `notes` binary (its digest), the note's path and its bytes. The parse
/// also asks the layout where the note's links and images lead; those
/// questions and their answers are kept with it and asked again before it
/// is used, so that a link to a note added or removed since, or an image
/// that appeared, makes the note parse again. A note whose parse found a
/// problem (a refused link) is not kept: its warnings always come from a
/// parse. A kept parse that does not read back whole (cut short, tampered
/// with) is parsed again.
///
/// The parses of a notes folder are kept in 16 files of the cache
/// (`parses/<digest of the folder's real path>-<first digit of the key>`),
/// so that an edit writes one or two small files again, not all of them:
/// on ext4 a file replaced by a rename is written out at once. A file is
/// written again, in one piece, when the parses it should hold (those of
/// the last load) are not those it holds.
struct ParseMemo: Sendable {
    /// Bumped when the files' shape changes.
    static let format = 1
    /// The files a folder's parses are spread over, by the first hex digit of their key.
    private static let digits = Array("0123456789abcdef")

    /// The files' paths without that digit.
    let path: String
    /// The digest of the `notes` binary: another build's parses are never used.
    let tool: String
    /// Each kept parse's bytes, by key, slices of the files as read; read only when asked for.
    private let kept: [String: ArraySlice<UInt8>]
    /// The keys each file holds, and whether it is exactly its parts (else it is written again).
    private let files: [(keys: Set<String>, whole: Bool)]

    init(cacheDirectory: String, notesFolder: String, tool: String) {
        path = "\(Self.folder(cacheDirectory: cacheDirectory))/\(Digest.sha256(NotesFolder.resolved(notesFolder)))"
        self.tool = tool
        var kept: [String: ArraySlice<UInt8>] = [:]
        var files: [(keys: Set<String>, whole: Bool)] = []
        for digit in Self.digits {
            guard let bytes = FileBytes.read("\(path)-\(digit)") else {
                files.append(([], true))  // no file: whole, and empty
                continue
            }
            let (parts, whole) = KeyedParts.read(bytes, tag: Self.tag)
            kept.merge(parts) { first, _ in first }
            files.append((Set(parts.keys), whole))
        }
        self.kept = kept
        self.files = files
    }

    /// The folder of the cache that holds the memos; made before the cache
    /// is stamped (``LastBuild``), so that making it does not change the stamp.
    static func folder(cacheDirectory: String) -> String {
        "\(cacheDirectory)/parses"
    }

    /// The name of the parse of the note at `path` whose bytes have this SHA-256.
    func key(path: String, digest: String) -> String {
        Digest.sha256("notes parse \(Self.format)\n\(tool)\n\(path)\n\(digest)")
    }

    /// The kept parse under `key`, if it reads back whole and `policy`
    /// answers its questions as it did; `text` is the note's.
    func document(key: String, path: String, text: String, policy: LinkPolicy) -> Document? {
        guard let bytes = kept[key], let body = Checksum.body(of: bytes) else { return nil }
        var reader = Reader(bytes: body)
        guard let parse = reader.parse(path: path, text: text), reader.isAtEnd,
            parse.answers.allSatisfy({ $0.holds(for: policy) })
        else { return nil }
        return parse.document
    }

    /// The entry that keeps `document`, parsed with these answers, under
    /// `key`; nil for a document with problems, which is not kept. It is
    /// encoded when saved, a file at a time, not held as bytes meanwhile.
    func entry(_ document: Document, answers: [Answer], key: String) -> Entry? {
        document.diagnostics.isEmpty ? Entry(key: key, source: .parsed(document, answers)) : nil
    }

    /// The bytes that keep `document`, parsed with these answers, with their checksum.
    static func encode(_ document: Document, answers: [Answer]) -> [UInt8] {
        var bytes: [UInt8] = []
        // Its prose as HTML and as text, and its code: about twice the note.
        bytes.reserveCapacity(2 * document.text.utf8.count + 256)
        Writer.write(document, answers: answers, into: &bytes)
        Checksum.append(to: &bytes)
        return bytes
    }

    /// The keys of the parses kept, for tests.
    var keys: Set<String> { Set(kept.keys) }

    /// Keeps `entries`: each of the 16 files that does not hold exactly its
    /// share of them is written again, atomically (or removed, when its
    /// share is none), several at once.
    func save(_ entries: [Entry]) {
        var shares = [[Entry]](repeating: [], count: Self.digits.count)
        for entry in entries {
            guard let first = entry.key.first, let number = Self.digits.firstIndex(of: first) else { continue }
            shares[number].append(entry)
        }
        let stale = shares.indices.filter { number in
            let file = files[number]
            return !file.whole || shares[number].contains(where: \.made) || file.keys != Set(shares[number].map(\.key))
        }
        guard !stale.isEmpty else { return }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = Parallel.map(stale.count, jobs: Parallel.processors) { [shares, path, kept] job in
            let number = stale[job]
            let file = "\(path)-\(Self.digits[number])"
            guard !shares[number].isEmpty else {
                unlink(file)
                return
            }
            let parts = shares[number].compactMap { entry -> (key: String, bytes: ArraySlice<UInt8>)? in
                switch entry.source {
                case .kept: kept[entry.key].map { (entry.key, $0) }
                case .parsed(let document, let answers): (entry.key, Self.encode(document, answers: answers)[...])
                }
            }
            KeyedParts.write(parts, tag: Self.tag, to: file)
        }
    }

    /// A parse as the memo keeps it.
    struct Entry: Sendable {
        var key: String
        var source: Source

        enum Source: Sendable {
            /// Read back from the memo, whose bytes it keeps again.
            case kept
            /// Parsed by this load: encoded when saved.
            case parsed(Document, [Answer])
        }

        var made: Bool {
            if case .parsed = source { true } else { false }
        }
    }

    private static let tag = Array("notes-parses \(format)\n".utf8)

    // MARK: - The questions the parse asked

    /// A question the parse asked the link policy, and its answer.
    struct Answer: Sendable, Equatable {
        var isImage: Bool
        var url: String
        var target: LinkPolicy.Target

        func holds(for policy: LinkPolicy) -> Bool {
            (isImage ? policy.image(url) : policy.link(url)) == target
        }
    }

    /// Writes down the questions a parse asks `policy`, and their answers.
    /// A parse runs on one thread: so does its log.
    final class AnswerLog {
        private(set) var answers: [Answer] = []

        func recording(_ policy: LinkPolicy) -> LinkPolicy {
            var recorded = policy
            recorded.link = { [unowned self] url in
                let target = policy.link(url)
                answers.append(Answer(isImage: false, url: url, target: target))
                return target
            }
            recorded.image = { [unowned self] url in
                let target = policy.image(url)
                answers.append(Answer(isImage: true, url: url, target: target))
                return target
            }
            return recorded
        }
    }

    // MARK: - The file

    /// The answers, the images and the blocks: counts and numbers as
    /// LEB128, strings as their length and UTF-8 bytes. (The memo appends a
    /// checksum, ``Checksum``.)
    enum Writer {
        static func write(_ document: Document, answers: [Answer], into bytes: inout [UInt8]) {
            number(answers.count, &bytes)
            for answer in answers {
                bytes.append(answer.isImage ? 1 : 0)
                string(answer.url, &bytes)
                switch answer.target {
                case .url(let url):
                    bytes.append(0)
                    string(url, &bytes)
                case .file(let file):
                    bytes.append(1)
                    image(file, &bytes)
                case .none:
                    bytes.append(2)
                case .refused(let reason):
                    bytes.append(3)
                    string(reason, &bytes)
                }
            }
            number(document.images.count, &bytes)
            for file in document.images { image(file, &bytes) }
            number(document.blocks.count, &bytes)
            for block in document.blocks {
                switch block {
                case .heading(let heading):
                    bytes.append(0)
                    number(heading.level, &bytes)
                    string(heading.text, &bytes)
                    string(heading.anchor, &bytes)
                    number(heading.line, &bytes)
                case .prose(let prose):
                    bytes.append(1)
                    string(prose.html, &bytes)
                    string(prose.text, &bytes)
                    number(prose.line, &bytes)
                case .code(let code):
                    bytes.append(2)
                    string(code.info, &bytes)
                    string(code.language, &bytes)
                    string(code.code, &bytes)
                    number(code.line, &bytes)
                    number(code.endLine, &bytes)
                    bytes.append((code.fenced ? 1 : 0) | (code.nested ? 2 : 0))
                }
            }
        }

        private static func image(_ file: ImageFile, _ bytes: inout [UInt8]) {
            string(file.source, &bytes)
            string(file.sitePath, &bytes)
        }

        private static func string(_ text: String, _ bytes: inout [UInt8]) {
            var text = text
            text.withUTF8 { utf8 in
                number(utf8.count, &bytes)
                bytes.append(contentsOf: utf8)
            }
        }

        /// A non-negative number, seven bits a byte, low bits first.
        static func number(_ value: Int, _ bytes: inout [UInt8]) {
            var value = UInt64(max(0, value))
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
    }

    /// Reads what ``Writer`` wrote; nil for anything else.
    struct Reader {
        var bytes: ArraySlice<UInt8>

        var isAtEnd: Bool { bytes.isEmpty }

        mutating func expect(_ prefix: [UInt8]) -> Bool {
            guard bytes.starts(with: prefix) else { return false }
            bytes = bytes.dropFirst(prefix.count)
            return true
        }

        mutating func parse(path: String, text: String) -> (document: Document, answers: [Answer])? {
            guard let answerCount = count() else { return nil }
            var answers: [Answer] = []
            for _ in 0..<answerCount {
                guard let kind = byte(), kind <= 1, let url = string(), let tag = byte() else { return nil }
                let target: LinkPolicy.Target
                switch tag {
                case 0:
                    guard let url = string() else { return nil }
                    target = .url(url)
                case 1:
                    guard let file = image() else { return nil }
                    target = .file(file)
                case 2: target = .none
                case 3:
                    guard let reason = string() else { return nil }
                    target = .refused(reason)
                default: return nil
                }
                answers.append(Answer(isImage: kind == 1, url: url, target: target))
            }
            guard let imageCount = count() else { return nil }
            var images: [ImageFile] = []
            for _ in 0..<imageCount {
                guard let file = image() else { return nil }
                images.append(file)
            }
            guard let blockCount = count() else { return nil }
            var blocks: [Document.Block] = []
            blocks.reserveCapacity(blockCount)
            for _ in 0..<blockCount {
                switch byte() {
                case 0:
                    guard let level = number(), let text = string(), let anchor = string(), let line = number()
                    else { return nil }
                    blocks.append(.heading(Heading(level: level, text: text, anchor: anchor, line: line)))
                case 1:
                    guard let html = string(), let text = string(), let line = number() else { return nil }
                    blocks.append(.prose(Prose(html: html, text: text, line: line)))
                case 2:
                    guard let info = string(), let language = string(), let code = string(), let line = number(),
                        let endLine = number(), let flags = byte(), flags <= 3
                    else { return nil }
                    blocks.append(
                        .code(
                            CodeBlock(
                                info: info, language: language, code: code, line: line, endLine: endLine,
                                fenced: flags & 1 != 0, nested: flags & 2 != 0)))
                default: return nil
                }
            }
            var document = Document(path: path, text: text, blocks: blocks)
            document.images = images
            return (document, answers)
        }

        private mutating func byte() -> UInt8? {
            bytes.popFirst()
        }

        /// A number that could be a count of what follows: no more than there are bytes left.
        private mutating func count() -> Int? {
            number().flatMap { $0 <= bytes.count ? $0 : nil }
        }

        mutating func number() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = bytes.popFirst() {
                guard shift < 63 else { return nil }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
                shift += 7
            }
            return nil
        }

        private mutating func string() -> String? {
            guard let length = count() else { return nil }
            let text = String(validating: bytes.prefix(length), as: UTF8.self)
            bytes = bytes.dropFirst(length)
            return text
        }

        private mutating func image() -> ImageFile? {
            guard let source = string(), let sitePath = string() else { return nil }
            return ImageFile(source: source, sitePath: sitePath)
        }
    }
}
