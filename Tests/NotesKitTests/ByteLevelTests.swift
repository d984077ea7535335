import Foundation
import Testing

@testable import NotesKit

/// The byte-level scans that replaced Character-based ones give the same
/// answers as those did, on texts mixing every line ending, whitespace
/// (ASCII and not), CJK, emoji and combining marks.
@Suite("Byte-level scans agree with the Character-based ones", .timeLimit(.minutes(1)))
struct ByteLevelTests {
    static let pieces = [
        "a", "print(x)", " ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{3000}", "\u{A0}", "\u{2028}", "线程", "😀", "e\u{301}",
        "\u{301}", "\u{0B}", "\u{0C}", "#", "x ",
    ]

    static func texts() -> [String] {
        var generator = SplitMix(seed: 11)
        return (0..<3000).map { _ in
            (0..<Int(generator.next() % 14)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func linesAreCutWhereCharactersWouldCutThem() {
        for text in Self.texts() {
            let reference = text.split(omittingEmptySubsequences: false) {
                $0 == "\n" || $0 == "\r\n" || $0 == "\r"
            }
            #expect(SourceLines.split(text) == reference, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func fingerprintsAreThoseOfTheCharacterBasedNormalization() {
        func reference(_ code: String) -> String {
            var lines =
                code
                .split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
                .map { line in
                    String(line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)])
                }
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
        for text in Self.texts() {
            #expect(Fingerprint.normalized(text) == reference(text), "\(text.unicodeScalars.map(\.value))")
            // The streamed fingerprint is the digest of that text.
            #expect(Fingerprint.of(text) == String(Digest.sha256(reference(text)).prefix(12)))
        }
    }

    @Test func lineCountsAreThoseOfTheCharacterBasedCount() {
        for text in Self.texts() {
            let reference =
                text.isEmpty
                ? 0
                : text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
            let block = CodeBlock(
                info: "python", language: "python", code: text, line: 1, endLine: 1, fenced: true, nested: false)
            #expect(block.lineCount == reference, "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The highlighter's lines, against the Character-based version they replaced.
    @Test func highlightedLinesAreThoseOfTheCharacterBasedVersion() {
        func reference(_ pieces: [(cssClass: String?, text: String)], ids: [Int: String]) -> String {
            var lines: [HTML] = [.empty]
            for (cssClass, text) in pieces {
                let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, part) in parts.enumerated() {
                    if index > 0 { lines.append(.empty) }
                    let span: HTML =
                        cssClass != nil && !part.isEmpty
                        ? .element("span", ["class": cssClass], text: String(part)) : HTML(escaping: String(part))
                    lines[lines.count - 1] += span
                }
            }
            if lines.count > 1, lines.last == .empty { lines.removeLast() }
            let starts = pieces.map(\.text).joined().split(separator: "\n", omittingEmptySubsequences: false)
            return lines.enumerated().map { index, line in
                let indent =
                    index < starts.count
                    ? starts[index].prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) } : 0
                return HTML.element(
                    "span", ["class": "line", "id": ids[index], "style": indent > 0 ? "--indent:\(indent)" : nil], line)
            }.joined().markup
        }
        var generator = SplitMix(seed: 5)
        let classes: [String?] = [nil, "kw", "st"]
        // No CR: the old version split a CRLF that straddled two pieces, and the new one does not.
        let texts = ["a", "  ", "\t", "\n", "<x>", "线程", "\n  ", "", "&", "def f():"]
        for _ in 0..<3000 {
            let pieces = (0..<Int(generator.next() % 8)).map { _ in
                (
                    cssClass: classes[Int(generator.next() % 3)],
                    text: (0..<Int(generator.next() % 4)).map { _ in texts[Int(generator.next() % 10)] }.joined()
                )
            }
            let ids = generator.next() % 2 == 0 ? [:] : [0: "line.1", 2: "line.3"]
            #expect(CodeHighlighter.lines(pieces, ids: ids).markup == reference(pieces, ids: ids), "\(pieces)")
        }
    }

    /// The excerpt that reads only the lines it needs, against the one that split the whole text.
    @Test func excerptsAreThoseOfTheWholeTextSplit() {
        func reference(_ text: String) -> String {
            let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            return flat.count > 110 ? String(flat.prefix(110)) + "…" : flat
        }
        var generator = SplitMix(seed: 3)
        for text in Self.texts() {
            let long = String(repeating: text, count: Int(generator.next() % 40))
            #expect(SearchIndex.excerpt(long) == reference(long), "\(long.unicodeScalars.map(\.value))")
        }
    }
}

@Suite("The stable encoding of reports, for digests", .timeLimit(.minutes(1)))
struct StableEncodingTests {
    struct Sample: Codable {
        var name: String
        var count: Int
        var items: [String]
        var nested: [Sample]
        var maybe: Double?
    }

    @Test func equalValuesEncodeAlikeAndEveryFieldCounts() {
        let a = Sample(name: "a", count: 1, items: ["x", "y"], nested: [], maybe: nil)
        #expect(StableEncoding.bytes(of: a) == StableEncoding.bytes(of: a))
        var variants = [a]
        variants.append(Sample(name: "b", count: 1, items: ["x", "y"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 2, items: ["x", "y"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["xy"], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y", ""], nested: [], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y"], nested: [a], maybe: nil))
        variants.append(Sample(name: "a", count: 1, items: ["x", "y"], nested: [], maybe: 0))
        #expect(Set(variants.map { StableEncoding.bytes(of: $0) }).count == variants.count)
    }
}
