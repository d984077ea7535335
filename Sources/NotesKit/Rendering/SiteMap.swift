import Foundation

/// Where everything is in the site: each note's page, the pages of the
/// whole course, the assets and the notes' images. The one place these
/// names are spelled; the parse asks it, through ``NoteLayout``, where a
/// note's links lead.
struct SiteMap: NoteLayout {
    static let index = "index.html"
    static let search = "search.html"
    static let errata = "errata.html"
    static let stylesheet = "assets/style.css"
    static let searchScript = "assets/search.js"
    /// The search index's shards (`assets/search.js` spells it too, as `search/`).
    static let searchFolder = "search"
    /// Page names no note may take.
    static let reserved: Set<String> = [index, search, errata]

    private var pages: [String: String] = [:]

    /// - Parameter files: Note paths relative to the notes folder.
    init(_ files: [String]) {
        var used = Self.reserved
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

    func page(for file: String) -> String { pages[file] ?? Self.index }

    /// Links to other notes go to their pages; local images are copied to `media/`.
    ///
    /// A file is copied only if its real path, symbolic links resolved, is a
    /// regular file inside the notes folder: a link in someone else's notes
    /// cannot publish `/etc/shadow`, however it is spelled. A file that is
    /// refused is a warning at the link's line.
    func links(for file: String, root: String) -> LinkPolicy {
        let folder = (file as NSString).deletingLastPathComponent
        var policy = LinkPolicy()
        let copy = { (url: String) -> LinkPolicy.Target in
            guard !url.isEmpty, !NotesFolder.isExternal(url) else { return .none }
            let decoded = NotesFolder.percentDecoded(url)
            guard !decoded.hasPrefix("/") else {
                return .refused("'\(url)' is an absolute path; the site copies only files inside the notes folder")
            }
            let relative = NotesFolder.normalize((folder as NSString).appendingPathComponent(decoded))
            guard !relative.hasPrefix("../"), relative != ".." else {
                return .refused("'\(url)' is outside the notes folder; the site does not copy it")
            }
            let source = root == "." ? relative : "\(root)/\(relative)"
            guard FileManager.default.fileExists(atPath: source) else { return .none }
            // Resolved only for a file the note names: most notes name none.
            let real = NotesFolder.resolved(source)
            guard real.hasPrefix(NotesFolder.resolved(root) + "/") else {
                return .refused(
                    "'\(url)' leads outside the notes folder through a symbolic link; the site does not copy it")
            }
            guard NotesFolder.isRegularFile(real) else {
                return .refused("'\(url)' is not a regular file; the site does not copy it")
            }
            let name = (relative as NSString).lastPathComponent.filter {
                $0.isLetter || $0.isNumber || "._-".contains($0)
            }
            return .file(ImageFile(source: real, sitePath: Self.mediaPath(relative: relative, name: name)))
        }
        policy.image = copy
        policy.link = { url in
            guard !NotesFolder.isExternal(url), !url.hasPrefix("#") else { return .url(url) }
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = NotesFolder.percentDecoded(String(parts[0]))
            let target = NotesFolder.normalize((folder as NSString).appendingPathComponent(path))
            if let page = pages[target] { return .url(parts.count > 1 ? page + "#" + parts[1] : page) }
            return copy(path)
        }
        return policy
    }

    /// Where a note's image goes: `media/`, a digest of its path in the
    /// notes (two `a.png` in two folders stay apart), and its name.
    static func mediaPath(relative: String, name: String) -> String {
        "media/\(Digest.sha256(relative).prefix(8))-\(name)"
    }
}
