import ExampleKit
import Foundation

/// One searchable section: a heading of a chapter page and what follows it.
struct SearchEntry: Sendable, Equatable {
    /// The page and anchor, e.g. `02-pools.html#2线程池`.
    var url: String
    var title: String
    var chapter: String
    /// Prose and code of the section, Python and Swift included.
    var body: String
    /// A short excerpt shown under the result.
    var snippet: String
}

/// The offline search index, shipped as a script that sets a global (a
/// page opened from file:// cannot fetch a JSON file).
///
/// Text is cut into terms the same way here and in `search.js`:
/// lower-cased runs of letters, digits and `_` (plus, for identifiers such
/// as `applyAsync` or `task_done`, their camel-case and `_` parts), and for
/// Chinese, Japanese and Korean text every single character and every pair
/// of neighbouring characters, so that 线程池, 生产者 and 锁 all match.
enum SearchIndex {
    static func javascript(_ entries: [SearchEntry]) -> String {
        var postings: [String: [Int: Int]] = [:]
        for (index, entry) in entries.enumerated() {
            for term in terms(entry.body) { postings[term, default: [:]][index, default: 0] += 1 }
            for term in terms(entry.title) { postings[term, default: [:]][index, default: 0] += 8 }
        }
        var json = "{\"docs\":["
        json += entries.map { entry in
            "[" + [entry.url, entry.title, entry.chapter, entry.snippet].map(jsonString).joined(separator: ",") + "]"
        }.joined(separator: ",")
        // Terms go in a list of pairs, not an object: a note may well
        // contain the word `__proto__` or `constructor`, which an object
        // literal would treat as its prototype or find on Object.prototype.
        json += "],\"terms\":["
        json += postings.keys.sorted().map { term in
            let list = postings[term]!.sorted { $0.key < $1.key }.map { "[\($0.key),\($0.value)]" }.joined(
                separator: ",")
            return "[" + jsonString(term) + ",[" + list + "]]"
        }.joined(separator: ",")
        json += "]}"
        return "// The site's search index, built by `notes build`.\nwindow.NOTES_SEARCH = " + json + ";\n"
    }

    /// The terms of `text`, with repeats.
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        for run in runs(text) {
            if run.isCJK {
                let characters = run.scalars.map { String($0).lowercased() }
                terms += characters
                if characters.count > 1 {
                    terms += (0..<characters.count - 1).map { characters[$0] + characters[$0 + 1] }
                }
            } else {
                let word = String(String.UnicodeScalarView(run.scalars))
                terms.append(word.lowercased())
                let parts = identifierParts(word)
                if parts.count > 1 { terms += parts.map { $0.lowercased() } }
            }
        }
        return terms
    }

    struct Run {
        var scalars: [Unicode.Scalar]
        var isCJK: Bool
    }

    /// Maximal runs of CJK characters, and of other letters, digits and `_`.
    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current: Run?
        for scalar in text.unicodeScalars {
            let cjk = isCJK(scalar)
            let word = !cjk && isWordCharacter(scalar)
            if var run = current, run.isCJK == cjk, cjk || word {
                run.scalars.append(scalar)
                current = run
                continue
            }
            if let run = current { runs.append(run) }
            current = cjk || word ? Run(scalars: [scalar], isCJK: cjk) : nil
        }
        if let run = current { runs.append(run) }
        return runs
    }

    /// `applyAsync` → apply, Async; `task_done` → task, done; `TCPListener` → TCP, Listener.
    static func identifierParts(_ word: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let scalars = Array(word.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_" {
                if !current.isEmpty {
                    parts.append(current)
                    current = ""
                }
                continue
            }
            let upper = scalar.properties.isUppercase
            let previousLower = index > 0 && scalars[index - 1].properties.isLowercase
            let nextLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
            let previousUpper = index > 0 && scalars[index - 1].properties.isUppercase
            if upper, !current.isEmpty, previousLower || (previousUpper && nextLower) {
                parts.append(current)
                current = ""
            }
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Letters, digits and `_`: JavaScript's `[\p{L}\p{N}_]`.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            true
        default: scalar == "_"
        }
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            true
        default: false
        }
    }

    /// A JSON string literal, safe inside a `<script>` file.
    static func jsonString(_ text: String) -> String {
        var json = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case "<": json += "\\u003c"
            case "\u{2028}": json += "\\u2028"
            case "\u{2029}": json += "\\u2029"
            case _ where scalar.value < 0x20:
                json += String(format: "\\u%04x", scalar.value)
            default: json.unicodeScalars.append(scalar)
            }
        }
        return json + "\""
    }
}

extension SearchIndex {
    /// The index as the site's files.
    static func files(_ entries: [SearchEntry]) -> [SiteFile] {
        [SiteFile("search-index.js", javascript(entries))]
    }

    /// One search entry per heading of `document` (and one for text before
    /// the first, if any), holding the section's prose, its code and its
    /// ports' code. `views` are the document's own blocks.
    static func entries(of document: Document, views: [BlockView]) -> [SearchEntry] {
        var entries: [SearchEntry] = []
        let chapter = document.title ?? document.pageName
        var byBlock: [CodeBlock: BlockView] = [:]
        for view in views { byBlock[view.bound.block] = view }
        var current = SearchEntry(url: document.pageName, title: chapter, chapter: chapter, body: "", snippet: "")
        var codeSnippet = ""
        func finish() {
            if current.snippet.isEmpty { current.snippet = codeSnippet }
            if !current.body.isEmpty || current.url != document.pageName { entries.append(current) }
        }
        for item in document.blocks {
            switch item {
            case .heading(let heading):
                finish()
                current = SearchEntry(
                    url: URLPath.href(document.pageName, fragment: heading.anchor),
                    title: heading.text, chapter: chapter, body: "", snippet: "")
                codeSnippet = ""
            case .prose(let prose):
                current.body += prose.text + "\n"
                if current.snippet.isEmpty { current.snippet = SiteBuilder.excerpt(prose.text) }
            case .code(let code):
                current.body += code.code + "\n"
                if codeSnippet.isEmpty { codeSnippet = SiteBuilder.excerpt(code.code) }
                if let view = byBlock[code] {
                    for example in view.bound.examples {
                        current.body += example.id + "\n" + (view.sources[example.id]?.code ?? "") + "\n"
                    }
                }
            }
        }
        finish()
        return entries
    }
}
