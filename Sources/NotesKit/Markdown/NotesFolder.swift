import Foundation

/// Reads a folder of Markdown notes.
enum NotesFolder {
    /// Loads every `.md` file under `directory`, in path order.
    ///
    /// A file that cannot be read or is not valid UTF-8 is not an error of
    /// the whole load: it becomes a diagnostic naming the file and the line
    /// of the first bad byte, and the other files are still parsed.
    /// - Parameters:
    ///   - directory: The folder, as the user wrote it; diagnostics show
    ///     paths relative to it, e.g. `notes/01-communication.md`.
    ///   - layout: What the notes become, given their paths relative to
    ///     the folder: the renderer's ``SiteMap``. The parse asks it where
    ///     a note's links and images lead, and decides none of it.
    /// - Throws: ``ConfigurationError`` if the folder is missing or holds no
    ///   Markdown file.
    ///   - config: The notes' `notes.toml`: the chapters' order.
    ///   - memo: Where parses are remembered: an unchanged note is read but not parsed again.
    static func load(
        _ directory: String, layout: ([String]) -> any NoteLayout, config: NotesConfig = NotesConfig(),
        memo: ParseMemo? = nil
    ) throws -> (documents: [Document], diagnostics: [Diagnostic]) {
        let root = displayRoot(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw ConfigurationError.notesFolderMissing(directory)
        }
        guard isDirectory.boolValue else { throw ConfigurationError.notesFolderIsAFile(directory) }
        let found = markdownFiles(in: root)
        guard !found.isEmpty else {
            throw ConfigurationError.notesFolderEmpty(directory)
        }
        let files = try config.ordered(found)
        let pages = layout(files)
        let realRoot = resolved(root)
        // Each note is read and parsed on its own, several at once; the
        // results keep the files' order.
        let loaded = Parallel.map(files.count, jobs: Parallel.processors) {
            index -> Loaded in
            let relative = files[index]
            let path = root == "." ? relative : "\(root)/\(relative)"
            // A note that is a symbolic link to a file outside the folder is
            // not read: building someone's notes reads only their notes. A
            // plain file right in the folder is inside it, and is not resolved.
            let inside =
                (!relative.contains("/") && isRegularFile(path))
                || {
                    let real = resolved(path)
                    return real.hasPrefix(realRoot + "/") && isRegularFile(real)
                }()
            guard inside else {
                return .problem(
                    Diagnostic(
                        .warning,
                        "this note is a symbolic link to a file outside the notes folder, or not a file: it is not read",
                        at: SourceLocation(path: path, line: 1)))
            }
            guard let bytes = FileBytes.read(path) else {
                return .problem(.error("cannot read file", at: SourceLocation(path: path, line: 1)))
            }
            // Checked once, by the standard library; a note that fails is looked at again for the offending byte.
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let bad = UTF8Check.firstInvalidByte(in: bytes) ?? 0
                return .problem(
                    .error(
                        "file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)); save it as UTF-8",
                        at: UTF8Check.location(ofOffset: bad, in: bytes, path: path)))
            }
            let policy = pages.links(for: relative, root: root)
            let digest = Digest.sha256(bytes)
            var document: Document
            var entry: ParseMemo.Entry?
            if let memo {
                let key = memo.key(path: path, digest: digest)
                if let kept = memo.document(key: key, path: path, text: text, policy: policy) {
                    document = kept
                    entry = ParseMemo.Entry(key: key, source: .kept)
                } else {
                    let log = ParseMemo.AnswerLog()
                    document = MarkdownParser.parse(text, path: path, links: log.recording(policy))
                    entry = memo.entry(document, answers: log.answers, key: key)
                }
            } else {
                document = MarkdownParser.parse(text, path: path, links: policy)
            }
            document.pageName = pages.page(for: relative)
            document.notePath = relative
            document.sourceDigest = digest
            return .document(document, memo: entry)
        }
        var documents: [Document] = []
        var diagnostics: [Diagnostic] = []
        var entries: [ParseMemo.Entry] = []
        for result in loaded {
            switch result {
            case .document(let document, let entry):
                diagnostics += document.diagnostics
                documents.append(document)
                if let entry { entries.append(entry) }
            case .problem(let problem):
                diagnostics.append(problem)
            }
        }
        memo?.save(entries)
        return (documents, diagnostics)
    }

    /// A note read and parsed (and its parse as the memo keeps it), or why it was not.
    private enum Loaded: Sendable {
        case document(Document, memo: ParseMemo.Entry?)
        case problem(Diagnostic)
    }

    /// Parses Markdown text that is already in memory. Its images show as
    /// their alt text, as there is no folder to find them in.
    static func parse(_ text: String, path: String, layout: ([String]) -> any NoteLayout) -> Document {
        var document = MarkdownParser.parse(text, path: path)
        let name = (path as NSString).lastPathComponent
        document.pageName = layout([name]).page(for: name)
        return document
    }

    private static func displayRoot(_ directory: String) -> String {
        var root = directory
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        while root.hasPrefix("./"), root.count > 2 { root.removeFirst(2) }
        return root.isEmpty ? "." : root
    }

    private static func markdownFiles(in root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if name.lowercased().hasSuffix(".md") || name.lowercased().hasSuffix(".markdown") {
                files.append(relative)
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

extension NotesFolder {
    /// `path` made absolute with every symbolic link followed, by
    /// `realpath(3)` (one system call a note, where Foundation's URL looks
    /// at each part of the path); Foundation's answer when it fails, for a
    /// path that does not exist.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
        defer { free(real) }
        return String(cString: real)
    }

    /// `text` with its percent escapes decoded (itself when one is
    /// malformed); most links have none, and are not handed to Foundation.
    static func percentDecoded(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
    }

    /// Whether `path` (already resolved) is a plain file, not a device, a
    /// fifo or a folder.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isExternal(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return url.hasPrefix("//") }
        return url[..<colon].allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    /// `a/./b/../c.md` → `a/c.md`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
