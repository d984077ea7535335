import Foundation
import Testing

@testable import NotesKit

/// Parses remembered in the cache (``ParseMemo``): used only while the
/// note, the binary and every answer the parse was given are the same.
@Suite("Remembered parses")
struct ParseMemoTests {
    /// Every note of the course and every Markdown fixture reads back as parsed.
    @Test func aParseReadsBackAsItWasWritten() throws {
        let notes = Support.packageRoot.appendingPathComponent("notes").path
        var paths = try FileManager.default.contentsOfDirectory(atPath: notes).filter { $0.hasSuffix(".md") }
            .map { "\(notes)/\($0)" }
        paths += Support.cases("markdown").map {
            Support.fixtures.appendingPathComponent("markdown/\($0)/input.md").path
        }
        #expect(paths.count > 10)
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let log = ParseMemo.AnswerLog()
            var policy = LinkPolicy()
            policy.image = {
                $0.hasSuffix(".png") ? .file(ImageFile(source: "/n/\($0)", sitePath: "media/\($0)")) : .none
            }
            let document = MarkdownParser.parse(text, path: path, links: log.recording(policy))
            var bytes: [UInt8] = []
            ParseMemo.Writer.write(document, answers: log.answers, into: &bytes)
            var reader = ParseMemo.Reader(bytes: bytes[...])
            let parsed = reader.parse(path: path, text: document.text)
            let read = try #require(parsed, "\(path)")
            #expect(reader.isAtEnd)
            #expect(read.document == document, "\(path)")
            #expect(read.answers == log.answers, "\(path)")
        }
    }

    /// Bytes cut short, or changed, read back as nothing rather than as something else.
    @Test func damagedBytesReadAsNothing() {
        var document = Document(path: "a.md", text: "", blocks: [])
        document.blocks = [
            .heading(Heading(level: 1, text: "标题", anchor: "标题", line: 1)),
            .prose(Prose(html: "<p>说明</p>\n", text: "说明", line: 3)),
            .code(
                CodeBlock(
                    info: "python", language: "python", code: "print(1)\n", line: 5, endLine: 7, fenced: true,
                    nested: false)),
        ]
        var bytes: [UInt8] = []
        ParseMemo.Writer.write(document, answers: [], into: &bytes)
        for length in 0..<bytes.count {
            var reader = ParseMemo.Reader(bytes: bytes[..<length])
            let read = reader.parse(path: "a.md", text: "")
            #expect(read == nil || !reader.isAtEnd || read?.document != document, "cut at \(length)")
        }
        // A length that runs past the end, and bytes that are not UTF-8.
        var tooLong = bytes
        tooLong[bytes.firstIndex(of: 6)!] = 0x7F
        var reader = ParseMemo.Reader(bytes: tooLong[...])
        #expect(reader.parse(path: "a.md", text: "") == nil)
        var notUTF8 = bytes
        notUTF8[notUTF8.firstIndex(of: 0xE6)!] = 0xFF
        reader = ParseMemo.Reader(bytes: notUTF8[...])
        #expect(reader.parse(path: "a.md", text: "") == nil)
    }

    /// Any one bit changed, or a byte cut off or added, fails the checksum.
    @Test func theChecksumTellsAnyChangedBit() throws {
        let document = MarkdownParser.parse("# 标题\n\n说明 `x`。\n\n```python\nprint(1)\n```\n", path: "a.md")
        let bytes = ParseMemo.encode(document, answers: [])
        #expect(Checksum.body(of: bytes[...]) == bytes.dropLast(8))
        for index in bytes.indices {
            for bit in 0..<8 {
                var changed = bytes
                changed[index] ^= UInt8(1 << bit)
                #expect(Checksum.body(of: changed[...]) == nil, "byte \(index) bit \(bit)")
            }
        }
        #expect(Checksum.body(of: bytes.dropLast()) == nil)
        #expect(Checksum.body(of: (bytes + [0])[...]) == nil)
        #expect(Checksum.body(of: bytes.prefix(7)) == nil)
    }

    /// A folder loaded twice gives the same documents, the second time from
    /// the memo; a kept parse is used only while its answers hold.
    @Test func aKeptParseIsUsedOnlyWhileItsAnswersHold() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes").path
            let cache = folder.appendingPathComponent("cache").path
            try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
            try "# 甲\n\n见[乙](b.md)。\n\n```python\nprint(1)\n```\n".write(
                toFile: "\(notes)/a.md", atomically: true, encoding: .utf8)
            try "# 乙\n\n正文\n".write(toFile: "\(notes)/b.md", atomically: true, encoding: .utf8)
            // A memo is read when made: each load gets a new one, as each build does.
            let memo = { ParseMemo(cacheDirectory: cache, notesFolder: notes, tool: "test") }
            let load = { (memo: ParseMemo?) in try NotesFolder.load(notes, layout: SiteMap.init, memo: memo).documents }

            let fresh = try load(nil)
            #expect(try load(memo()) == fresh)
            #expect(memo().keys.count == 2)
            // A load that parsed nothing writes nothing.
            let files = { Set(memo().keys.map { "\(memo().path)-\($0.first!)" }) }
            let stamps = { files().map { FileStamp(path: $0).map(String.init(describing:)) ?? "-" }.sorted() }
            let before = stamps()
            #expect(try load(memo()) == fresh)
            #expect(stamps() == before)

            // The memo is what a load reads: a doctored parse shows.
            let aBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(notes)/a.md")))
            let aKey = memo().key(path: "\(notes)/a.md", digest: Digest.sha256(aBytes))
            var doctored = fresh[0]
            doctored.blocks[0] = .heading(Heading(level: 1, text: "改过", anchor: "改过", line: 1))
            let log = ParseMemo.AnswerLog()
            _ = MarkdownParser.parse(
                fresh[0].text, path: fresh[0].path,
                links: log.recording(SiteMap(["a.md", "b.md"]).links(for: "a.md", root: notes)))
            #expect(log.answers.map(\.url) == ["b.md"])
            let entry = try #require(memo().entry(doctored, answers: log.answers, key: aKey))
            memo().save([entry])
            #expect(try load(memo())[0].title == "改过")

            // b.md gone: a.md's link leads elsewhere, so a.md is parsed again.
            try FileManager.default.removeItem(atPath: "\(notes)/b.md")
            let without = try load(memo())
            #expect(without == (try load(nil)))
            #expect(without[0].title == "甲")
            // Only the parses that load used are kept.
            #expect(memo().keys.count == 1)

            // Another binary never reads this one's parses.
            let other = ParseMemo(cacheDirectory: cache, notesFolder: notes, tool: "other")
            #expect(other.key(path: "\(notes)/a.md", digest: Digest.sha256(aBytes)) != aKey)
        }
    }

    /// A memo file cut short or tampered with: what does not read back is parsed again, and kept again.
    @Test func aDamagedMemoIsParsedAgain() throws {
        try Support.withTemporaryFolder { folder in
            let notes = folder.appendingPathComponent("notes").path
            try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
            try "# 标题\n\n一段说明。\n\n```python\nprint(1)\n```\n".write(
                toFile: "\(notes)/a.md", atomically: true, encoding: .utf8)
            let memo = {
                ParseMemo(cacheDirectory: folder.appendingPathComponent("cache").path, notesFolder: notes, tool: "test")
            }
            let fresh = try NotesFolder.load(notes, layout: SiteMap.init, memo: memo()).documents
            let key = try #require(memo().keys.first)
            let path = "\(memo().path)-\(key.first!)"
            let whole = try Data(contentsOf: URL(fileURLWithPath: path))
            var flipped = whole
            flipped[whole.count - 12] ^= 0x01
            for damaged in [whole.prefix(whole.count - 3), whole + Data([0]), flipped, Data("junk".utf8)] {
                try damaged.write(to: URL(fileURLWithPath: path))
                #expect(try NotesFolder.load(notes, layout: SiteMap.init, memo: memo()).documents == fresh)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
            }
        }
    }
}
