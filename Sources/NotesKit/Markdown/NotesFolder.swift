import Foundation

/// Reads a folder of Markdown notes.
public enum NotesFolder {
    /// Loads every `.md` file under `directory`, in path order.
    ///
    /// A file that cannot be read or is not valid UTF-8 is not an error of
    /// the whole load: it becomes a diagnostic naming the file and the line
    /// of the first bad byte, and the other files are still parsed.
    /// - Parameter directory: The folder, as the user wrote it; diagnostics
    ///   show paths relative to it, e.g. `notes/01-communication.md`.
    /// - Throws: ``ConfigurationError`` if the folder is missing or holds no
    ///   Markdown file.
    public static func load(_ directory: String) throws -> (documents: [Document], diagnostics: [Diagnostic]) {
        let root = displayRoot(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError("notes folder '\(directory)' does not exist")
        }
        let files = markdownFiles(in: root)
        guard !files.isEmpty else {
            throw ConfigurationError("notes folder '\(directory)' holds no Markdown (.md) file")
        }
        var documents: [Document] = []
        var diagnostics: [Diagnostic] = []
        for relative in files {
            let path = root == "." ? relative : "\(root)/\(relative)"
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(.error("cannot read file", at: SourceLocation(path: path, line: 1)))
                continue
            }
            let bytes = [UInt8](data)
            if let bad = UTF8Check.firstInvalidByte(in: bytes) {
                diagnostics.append(.error(
                    "file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)); save it as UTF-8",
                    at: UTF8Check.location(ofOffset: bad, in: bytes, path: path)))
                continue
            }
            documents.append(MarkdownParser.parse(String(decoding: bytes, as: UTF8.self), path: path))
        }
        return (documents, diagnostics)
    }

    /// Parses Markdown text that is already in memory.
    public static func parse(_ text: String, path: String) -> Document {
        MarkdownParser.parse(text, path: path)
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
