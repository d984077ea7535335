import Foundation

/// Reads a folder of Markdown notes.
enum NotesFolder {
    /// Loads every `.md` file under `directory`, in path order.
    ///
    /// A file that cannot be read or is not valid UTF-8 is not an error of
    /// the whole load: it becomes a diagnostic naming the file and the line
    /// of the first bad byte, and the other files are still parsed.
    /// - Parameter directory: The folder, as the user wrote it; diagnostics
    ///   show paths relative to it, e.g. `notes/01-communication.md`.
    /// - Throws: ``ConfigurationError`` if the folder is missing or holds no
    ///   Markdown file.
    static func load(_ directory: String) throws -> (documents: [Document], diagnostics: [Diagnostic]) {
        let root = displayRoot(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw ConfigurationError.notesFolderMissing(directory)
        }
        guard isDirectory.boolValue else { throw ConfigurationError.notesFolderIsAFile(directory) }
        let files = markdownFiles(in: root)
        guard !files.isEmpty else {
            throw ConfigurationError.notesFolderEmpty(directory)
        }
        var documents: [Document] = []
        var diagnostics: [Diagnostic] = []
        let pages = SitePages(files)
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        for relative in files {
            let path = root == "." ? relative : "\(root)/\(relative)"
            // A note that is a symbolic link to a file outside the folder is
            // not read: building someone's notes reads only their notes.
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard real.hasPrefix(realRoot + "/"), SitePages.isRegularFile(real) else {
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "this note is a symbolic link to a file outside the notes folder, or not a file: it is not read",
                        at: SourceLocation(path: path, line: 1)))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(.error("cannot read file", at: SourceLocation(path: path, line: 1)))
                continue
            }
            let bytes = [UInt8](data)
            if let bad = UTF8Check.firstInvalidByte(in: bytes) {
                diagnostics.append(
                    .error(
                        "file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)); save it as UTF-8",
                        at: UTF8Check.location(ofOffset: bad, in: bytes, path: path)))
                continue
            }
            var document = MarkdownParser.parse(
                String(decoding: bytes, as: UTF8.self), path: path,
                links: pages.policy(for: relative, root: root))
            document.pageName = pages.page(for: relative)
            diagnostics += document.diagnostics
            documents.append(document)
        }
        return (documents, diagnostics)
    }

    /// Parses Markdown text that is already in memory. Its images show as
    /// their alt text, as there is no folder to find them in.
    static func parse(_ text: String, path: String) -> Document {
        var document = MarkdownParser.parse(text, path: path)
        let name = (path as NSString).lastPathComponent
        document.pageName = SitePages([name]).page(for: name)
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

/// The site page of each note, and where links and images of a note point.
struct SitePages {
    private var pages: [String: String] = [:]

    /// - Parameter files: Note paths relative to the notes folder.
    init(_ files: [String]) {
        var used: Set<String> = ["index.html", "search.html"]
        for file in files {
            var base = file
            for suffix in [".markdown", ".md", ".MD", ".Markdown"] where base.hasSuffix(suffix) {
                base = String(base.dropLast(suffix.count))
                break
            }
            base = base.replacingOccurrences(of: "/", with: "-")
            if base.isEmpty || base.hasPrefix(".") { base = "note" + base }
            var name = base + ".html"
            var counter = 1
            while used.contains(name.lowercased()) {
                counter += 1
                name = "\(base)-\(counter).html"
            }
            used.insert(name.lowercased())
            pages[file] = name
        }
    }

    func page(for file: String) -> String { pages[file] ?? "index.html" }

    /// Links to other notes go to their pages; local images are copied to `media/`.
    ///
    /// A file is copied only if its real path, symbolic links resolved, is a
    /// regular file inside the notes folder: a link in someone else's notes
    /// cannot publish `/etc/shadow`, however it is spelled. A file that is
    /// refused is a warning at the link's line.
    func policy(for file: String, root: String) -> LinkPolicy {
        let folder = (file as NSString).deletingLastPathComponent
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        var policy = LinkPolicy()
        let copy = { (url: String) -> LinkPolicy.Target in
            guard !url.isEmpty, !Self.isExternal(url) else { return .none }
            let decoded = url.removingPercentEncoding ?? url
            guard !decoded.hasPrefix("/") else {
                return .refused("'\(url)' is an absolute path; the site copies only files inside the notes folder")
            }
            let relative = Self.normalize((folder as NSString).appendingPathComponent(decoded))
            guard !relative.hasPrefix("../"), relative != ".." else {
                return .refused("'\(url)' is outside the notes folder; the site does not copy it")
            }
            let source = root == "." ? relative : "\(root)/\(relative)"
            guard FileManager.default.fileExists(atPath: source) else { return .none }
            let real = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
            guard real.hasPrefix(realRoot + "/") else {
                return .refused(
                    "'\(url)' leads outside the notes folder through a symbolic link; the site does not copy it")
            }
            guard Self.isRegularFile(real) else {
                return .refused("'\(url)' is not a regular file; the site does not copy it")
            }
            let name = (relative as NSString).lastPathComponent.filter {
                $0.isLetter || $0.isNumber || "._-".contains($0)
            }
            return .file(ImageFile(source: real, sitePath: "media/\(Digest.sha256(relative).prefix(8))-\(name)"))
        }
        policy.image = copy
        policy.link = { url in
            guard !Self.isExternal(url), !url.hasPrefix("#") else { return .url(url) }
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let target = Self.normalize((folder as NSString).appendingPathComponent(path))
            if let page = pages[target] { return .url(parts.count > 1 ? page + "#" + parts[1] : page) }
            return copy(path)
        }
        return policy
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
