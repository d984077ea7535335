import ExampleKit

/// The whole path from a note's bytes to its rendered pages, in memory,
/// and the rules every page must keep. The fuzz target (`notes-fuzz`) and
/// the tests that replay its corpus drive it.
package enum NotePath {
    /// Parses `bytes` as a note, binds it against an empty registry, checks
    /// it (nothing runs) and renders the site.
    /// - Returns: How the pages break the rules: text that is not UTF-8, an
    ///   id used twice on a page, a `<script` the site did not put there, a
    ///   parse that does not read back from the cache as it was.
    ///   Empty when all is well.
    package static func problems(of bytes: [UInt8]) -> [String] {
        if let bad = UTF8Check.firstInvalidByte(in: bytes) {
            // `notes` reports such a file at its line and renders nothing of it.
            let location = UTF8Check.location(ofOffset: bad, in: bytes, path: "fuzz.md")
            return location.line >= 1 && location.column >= 1 ? [] : ["bad location \(location)"]
        }
        let document = NotesFolder.parse(
            String(decoding: bytes, as: UTF8.self), path: "notes/fuzz.md", layout: SiteMap.init)
        // The parse as the cache keeps it (``ParseMemo``) reads back as it was.
        var kept = ParseMemo.Reader(bytes: Checksum.body(of: ParseMemo.encode(document, answers: [])[...]) ?? [])
        guard let read = kept.parse(path: document.path, text: document.text), kept.isAtEnd,
            read.document.blocks == document.blocks, read.document.images == document.images
        else { return ["the parse does not read back from the memo as it was"] }
        let binding: Binding
        do {
            binding = try Binder.bind([document], to: ExampleRegistry(examples: []))
        } catch {
            return ["binding threw: \(error)"]
        }
        let report = Checker.check(binding, outcomes: [:], originals: OriginalLauncher(enabled: false))
        let files = SiteBuilder.files(
            binding: binding, report: report, options: SiteOptions(title: "fuzz", toolchain: "Swift"))
        return files.flatMap { pageProblems(path: $0.path, bytes: $0.bytes) }
    }

    /// How one file of the site breaks the rules.
    package static func pageProblems(path: String, bytes: [UInt8]) -> [String] {
        guard UTF8Check.firstInvalidByte(in: bytes) == nil else { return ["\(path) is not valid UTF-8"] }
        var problems: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        if path.hasSuffix(".js"), path != SiteMap.searchScript, text.contains("</script") {
            problems.append("\(path) could close a script element")
        }
        guard path.hasSuffix(".html") else { return problems }
        var seen: Set<Substring> = []
        for match in text.matches(of: /\sid="([^"]*)"/) where !seen.insert(match.output.1).inserted {
            problems.append("\(path) repeats id \"\(match.output.1)\"")
        }
        let scripts = text.matches(of: /<script/.ignoresCase()).count
        let own = path == SiteMap.search ? 2 : 0
        if scripts != own { problems.append("\(path) has \(scripts) <script, the site puts \(own)") }
        return problems
    }
}
