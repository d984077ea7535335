import Foundation

/// Paths as a published site shows them: relative to the notes folder
/// (`07-strings.md:9`), whatever `--notes` was, and with no folder of the
/// machine that built it. The command line keeps the paths an editor can
/// open; only the site is rewritten.
///
/// Folders are removed where they begin a path, and from messages, which
/// quote paths (`run notes new /tmp/x/07-strings.md:9`): the notes folder as
/// given and as an absolute path, then the working folder and the folder
/// of the examples' package.
struct SitePaths: Sendable {
    /// Longest first, each ending in `/`.
    let prefixes: [String]
    /// The same, as UTF-8.
    private let prefixBytes: [[UInt8]]
    /// Whether a byte begins one of them: most bytes of a message begin none.
    private let begins: [Bool]

    init(notesRoot: String?, registrySource: String? = nil) {
        var folders: [String] = []
        if let notesRoot {
            let root = notesRoot.hasSuffix("/") ? String(notesRoot.dropLast()) : notesRoot
            if !root.isEmpty, root != "." { folders.append(root) }
            folders.append(URL(fileURLWithPath: root).standardizedFileURL.path)
        }
        folders.append(FileManager.default.currentDirectoryPath)
        // The package that registered the examples: `…/Sources/<module>/<file>.swift`.
        if let source = registrySource, let sources = source.range(of: "/Sources/", options: .backwards) {
            folders.append(String(source[..<sources.lowerBound]))
        }
        prefixes = Set(folders.filter { $0 != "/" && !$0.isEmpty }.map { $0 + "/" })
            .sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        prefixBytes = prefixes.map { Array($0.utf8) }
        var begins = [Bool](repeating: false, count: 256)
        for prefix in prefixBytes { begins[Int(prefix[0])] = true }
        self.begins = begins
    }

    /// `path` as `known` has it made relative already (every block of a
    /// note has the note's path), else without a leading folder of ``prefixes``.
    func path(_ path: String, known: [String: String]) -> String {
        known[path] ?? self.path(path)
    }

    /// `path` without a leading folder of ``prefixes``.
    func path(_ path: String) -> String {
        for prefix in prefixes where path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        return path
    }

    /// `text` with every ``prefixes`` folder taken out of the paths it
    /// quotes: one pass over its bytes, comparing prefixes only at a byte
    /// that begins one (thousands of messages go through it).
    func text(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(UInt8(ascii: "/")) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = 0
            scan: while index < bytes.count {
                guard begins[Int(bytes[index])] else {
                    out.append(bytes[index])
                    index += 1
                    continue
                }
                for prefix in prefixBytes where bytes.count - index >= prefix.count && bytes[index] == prefix[0] {
                    if prefix.indices.allSatisfy({ bytes[index + $0] == prefix[$0] }) {
                        index += prefix.count
                        continue scan
                    }
                }
                out.append(bytes[index])
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// - Parameter known: Paths already made relative (``path(_:known:)``).
    func diagnostic(_ diagnostic: Diagnostic, known: [String: String] = [:]) -> Diagnostic {
        var diagnostic = diagnostic
        diagnostic.message = text(diagnostic.message)
        diagnostic.details = diagnostic.details.map(text)
        if let location = diagnostic.location { diagnostic.location?.path = path(location.path, known: known) }
        return diagnostic
    }

    /// The binding and report with the site's paths.
    /// - Parameters: Taken: they are rewritten in place when nothing else holds them.
    func relative(_ binding: consuming Binding, _ report: consuming CheckReport) -> (Binding, CheckReport) {
        var binding = binding
        var report = report
        // Each note's path made relative once, not once a block.
        var known: [String: String] = [:]
        for document in binding.documents { known[document.path] = path(document.path) }
        for index in binding.documents.indices {
            binding.documents[index].path = path(binding.documents[index].path, known: known)
        }
        for index in binding.blocks.indices {
            binding.blocks[index].path = path(binding.blocks[index].path, known: known)
        }
        binding.diagnostics = binding.diagnostics.map { diagnostic($0, known: known) }
        report.diagnostics = report.diagnostics.map { diagnostic($0, known: known) }
        // In place: a copy of thousands of reports, and freeing the old ones, took longer than the paths.
        Parallel.updateEach(&report.blocks) { [known] block in
            block.path = path(block.path, known: known)
            for index in block.diagnostics.indices {
                block.diagnostics[index] = diagnostic(block.diagnostics[index], known: known)
            }
        }
        return (binding, report)
    }
}
