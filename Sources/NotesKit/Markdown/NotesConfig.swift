import Foundation
import TOMLKit

/// `notes.toml`, an optional file beside the notes:
///
/// ```toml
/// title = "课程笔记 · Swift 验证"
/// description = "Python 并发编程的课堂笔记，每段代码都有验证过的 Swift 移植。"
/// chapters = ["01-communication.md", "02-pools.md"]
/// port = ["python"]
/// ```
///
/// - `title` and `description`: the site's, shown on every page and the index.
/// - `chapters`: the order of the notes, by path in the folder. Notes it does
///   not list follow in file-name order, so a new chapter needs no edit here.
/// - `port`: the languages whose blocks need a port (default `python`).
///   Blocks of other languages (JSON, XML, a shell command, program output)
///   are shown as code, with no status, and never fail the check.
///
/// Every key is optional. A syntax error is reported at its line; a key of
/// the wrong type, an unknown key or a chapter that is not a note, by its
/// key and at the key's line.
public struct NotesConfig: Sendable, Equatable {
    public static let fileName = "notes.toml"
    static let defaultPortLanguages = ["python"]
    /// The longest title and description, in characters: both go into
    /// every page of the site.
    static let longest = ["title": 200, "description": 2_000]

    public var title: String?
    public var description: String?
    /// Note paths relative to the folder, in the order given.
    public var chapters: [String] = []
    /// Lower-cased languages whose blocks need a port.
    public var portLanguages: [String] = Self.defaultPortLanguages
    /// Where the config was read, and its text: for the lines of later errors.
    var source: (path: String, text: String)? = nil

    public init() {}

    public static func == (lhs: NotesConfig, rhs: NotesConfig) -> Bool {
        (lhs.title, lhs.description, lhs.chapters, lhs.portLanguages)
            == (rhs.title, rhs.description, rhs.chapters, rhs.portLanguages)
    }

    /// Whether blocks of `language` (an info string's first word) need a port.
    func needsPort(_ language: String) -> Bool {
        let language = language.lowercased()
        return portLanguages.contains { wanted in
            wanted == language || Self.aliases[wanted, default: []].contains(language)
        }
    }

    private static let aliases: [String: Set<String>] = ["python": ["py", "python3", "py3"]]

    /// The config in `folder`, or the defaults when it has none.
    /// - Throws: ``ConfigurationError/notesConfig(path:line:reason:)``.
    public static func load(folder: String) throws(ConfigurationError) -> NotesConfig {
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return NotesConfig() }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .notesConfig(path: path, line: nil, reason: "is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// The config in `text`, read from `path` (for messages).
    static func parse(_ text: String, path: String) throws(ConfigurationError) -> NotesConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .notesConfig(
                path: path, line: error.source.begin.line, reason: "not valid TOML: \(error.description)")
        } catch {
            throw .notesConfig(path: path, line: nil, reason: "not valid TOML: \(error)")
        }
        func fail(_ key: String, _ reason: String) -> ConfigurationError {
            .notesConfig(path: path, line: line(of: key, in: text), reason: "\(key): \(reason)")
        }
        var config = NotesConfig()
        for key in table.keys.sorted() {
            let value = table[key]
            switch key {
            case "title", "description":
                guard let string = value?.string else { throw fail(key, "must be a string") }
                let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { throw fail(key, "must not be empty") }
                let most = Self.longest[key] ?? .max
                guard trimmed.count <= most else {
                    throw fail(
                        key,
                        "is \(trimmed.count) characters; keep it to \(most), as it goes into every page of the site")
                }
                if key == "title" { config.title = trimmed } else { config.description = trimmed }
            case "chapters", "port":
                guard let array = value?.array else { throw fail(key, "must be an array of strings") }
                var strings: [String] = []
                for (index, item) in array.enumerated() {
                    guard let string = item.string, !string.isEmpty else {
                        throw fail("\(key)[\(index)]", "must be a non-empty string")
                    }
                    strings.append(string)
                }
                if key == "chapters" {
                    config.chapters = strings
                } else {
                    config.portLanguages = strings.map { $0.lowercased() }
                }
            default:
                throw fail(key, "unknown key; notes.toml takes title, description, chapters and port")
            }
        }
        config.source = (path, text)
        return config
    }

    /// The notes in the order the config gives: its chapters first, then
    /// the others in the order given.
    /// - Throws: ``ConfigurationError`` for a chapter that is not one of
    ///   `notes`, or one listed twice.
    func ordered(_ notes: [String]) throws(ConfigurationError) -> [String] {
        var seen = Set<String>()
        let known = Set(notes)
        let path = source?.path ?? Self.fileName
        for (index, chapter) in chapters.enumerated() {
            let key = "chapters[\(index)]"
            let line = source.flatMap { Self.line(of: chapter, in: $0.text) }
            guard known.contains(chapter) else {
                throw .notesConfig(path: path, line: line, reason: "\(key): no note named \(chapter)")
            }
            guard seen.insert(chapter).inserted else {
                throw .notesConfig(path: path, line: line, reason: "\(key): \(chapter) is listed twice")
            }
        }
        return chapters + notes.filter { !seen.contains($0) }
    }

    /// The first line that mentions `key`: before an `=` or a `.` (a
    /// dotted key), as a table's header (`[key]`, `[key.sub]`, `[[key]]`),
    /// or quoted in an array; nil when none does.
    static func line(of key: String, in text: String) -> Int? {
        let bare = key.split(separator: "[").first.map(String.init) ?? key
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var trimmed = line.drop { $0 == " " || $0 == "\t" }
            let header = trimmed.hasPrefix("[")
            if header { trimmed = trimmed.drop { $0 == "[" }.drop { $0 == " " || $0 == "\t" } }
            for spelling in [bare, "\"\(bare)\""] where trimmed.hasPrefix(spelling) {
                let after = trimmed.dropFirst(spelling.count).drop { $0 == " " || $0 == "\t" }
                if after.hasPrefix(".") || (header ? after.hasPrefix("]") : after.hasPrefix("=")) { return number + 1 }
            }
            if line.contains("\"\(key)\"") { return number + 1 }
        }
        return nil
    }
}
