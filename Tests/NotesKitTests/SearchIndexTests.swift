import Foundation
import Testing

@testable import NotesKit

@Suite("Search terms", .hangGuard)
struct SearchTermsTests {
    @Test func chineseGetsCharactersAndPairs() {
        #expect(SearchTerms.terms("线程池") == ["线", "程", "池", "线程", "程池"])
        #expect(SearchTerms.terms("加锁") == ["加", "锁", "加锁"])
        #expect(SearchTerms.terms("锁") == ["锁"])
        #expect(SearchTerms.terms("ひらがなカナ") == ["ひ", "ら", "が", "な", "カ", "ナ", "ひら", "らが", "がな", "なカ", "カナ"])
        #expect(SearchTerms.terms("𠀀𠀁") == ["𠀀", "𠀁", "𠀀𠀁"])
    }

    @Test func identifiersGetTheirParts() {
        #expect(SearchTerms.terms("applyAsync") == ["applyasync", "apply", "async"])
        #expect(SearchTerms.terms("apply_async") == ["apply_async", "apply", "async"])
        #expect(SearchTerms.terms("task_done()") == ["task_done", "task", "done"])
        #expect(SearchTerms.terms("TCPListener") == ["tcplistener", "tcp", "listener"])
        #expect(SearchTerms.terms("hasOwnProperty") == ["hasownproperty", "has", "own", "property"])
        #expect(SearchTerms.terms("HTTP2Server_v1") == ["http2server_v1", "http2server", "v1"])
        #expect(SearchTerms.terms("ABC a_ _b _") == ["abc", "a_", "_b", "_"])
    }

    @Test func wordsAnObjectLiteralWouldMistakeAreOrdinaryTerms() {
        #expect(SearchTerms.terms("__proto__") == ["__proto__"])
        #expect(SearchTerms.terms("obj.constructor.__proto__") == ["obj", "constructor", "__proto__"])
        #expect(SearchTerms.terms("valueOf") == ["valueof", "value", "of"])
    }

    @Test func mixedTextIsCutAtEveryChangeOfScript() {
        #expect(
            SearchTerms.terms("1.进程通信：用 pool.apply_async(f) 提交") == [
                "1", "进", "程", "通", "信", "进程", "程通", "通信", "用", "pool", "apply_async", "apply", "async", "f",
                "提", "交", "提交",
            ])
        #expect(SearchTerms.terms("Queue队列get") == ["queue", "队", "列", "队列", "get"])
        // Letters beyond ASCII, digits of other scripts, combining marks and emoji.
        #expect(
            SearchTerms.terms("Straße CaféBar ١٢٣ e\u{301}t 🎉x") == [
                "straße", "cafébar", "café", "bar", "١٢٣", "e", "t", "x",
            ])
        #expect(SearchTerms.terms("ＡＢＣ") == ["ａｂｃ"])
        #expect(SearchTerms.terms("") == [])
        #expect(SearchTerms.terms(" ，。!? ") == [])
    }

    /// The byte-level tokenizer against the rule written plainly over
    /// scalars and their Unicode properties, on every note the tests hold.
    @Test func theFastPathGivesTheSameTermsAsTheRule() throws {
        var texts = [
            "TCPListener applyAsync __init__ _ __ A Ab AB aB ABc x9Y 9a Ab_Cd", "İstanbul ΣΑΣ Ǆemal ǅ ǆ",
            "café_Ñandú ÀbcDéf ÉCOLEÉtude", "线程池 生产者-消费者 加锁/解锁 𠀀𠀁𠀂", "tab\tline\nend\u{2028}x\u{0}y",
            "ﾊﾝｶｸ カタカナ 한국어 ｆｕｌｌ", "mix线程Pool池x",
        ]
        let root = Support.packageRoot
        for folder in ["notes", "Tests/NotesKitTests/Fixtures"] {
            let base = root.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(atPath: base.path)
            while let path = walker?.nextObject() as? String {
                guard path.hasSuffix(".md") else { continue }
                // Some fixtures are not UTF-8 on purpose: they come in with U+FFFD.
                texts.append(String(decoding: try Data(contentsOf: base.appendingPathComponent(path)), as: UTF8.self))
            }
        }
        #expect(texts.count > 10)
        for text in texts { #expect(SearchTerms.terms(text) == Self.rule(text), "\(text.prefix(60))") }
    }

    /// Lower-casing changes no CJK character, so the tokenizer copies their bytes.
    @Test func cjkCharactersHaveNoCase() {
        var changed: [Unicode.Scalar] = []
        for value in UInt32(0x3040)...0x2FA1F {
            guard let scalar = Unicode.Scalar(value), SearchIndex.isCJK(scalar) else { continue }
            if String(scalar).lowercased() != String(scalar) { changed.append(scalar) }
        }
        #expect(changed.isEmpty)
    }

    /// Runs of CJK characters, and of other letters, digits and `_`; CJK runs
    /// give each character and each pair, words themselves and their parts.
    static func rule(_ text: String) -> [String] {
        let letters: Set<Unicode.GeneralCategory> = [
            .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber,
        ]
        var terms: [String] = []
        var run: [Unicode.Scalar] = []
        var runIsCJK = false
        func flush() {
            if runIsCJK {
                let characters = run.map { String($0).lowercased() }
                terms += characters + zip(characters, characters.dropFirst()).map { $0 + $1 }
            } else if !run.isEmpty {
                let word = String(String.UnicodeScalarView(run))
                let parts = SearchTerms.identifierParts(word)
                terms += [word.lowercased()] + (parts.count > 1 ? parts.map { $0.lowercased() } : [])
            }
            run = []
        }
        for scalar in text.unicodeScalars {
            let cjk = SearchIndex.isCJK(scalar)
            let word = !cjk && (scalar == "_" || letters.contains(scalar.properties.generalCategory))
            if (!cjk && !word) || cjk != runIsCJK { flush() }
            runIsCJK = cjk
            if cjk || word { run.append(scalar) }
        }
        flush()
        return terms
    }
}

@Suite("Search index", .hangGuard)
struct SearchIndexTests {
    /// The same figures are asserted in `search.js` by `Tests/Browser/check_search_index.py`.
    @Test func shardsAreFixedFunctionsOfTheText() {
        #expect(SearchIndex.hash("") == 0x811C_9DC5)
        #expect(SearchIndex.hash("a") == 0xE40C_292C)
        #expect(SearchIndex.hash("线程") == 0x93A9_E0DF)
        #expect(SearchIndex.hash("apply_async") == 0xAF60_BED0)
        #expect(SearchIndex.termShard("线程", count: 64) == 31)
        #expect(SearchIndex.termShard("程池", count: 64) == 30)
        #expect(SearchIndex.termShard("apply_async", count: 64) == 20)
        #expect(SearchIndex.termShard("__proto__", count: 64) == 35)
        #expect(SearchIndex.termShard("constructor", count: 64) == 7)
        #expect(SearchIndex.termShard("𠀀𠀁x", count: 64) == 2)
        #expect(SearchIndex.termShard("锁", count: 7) == 3)
        #expect(SearchIndex.titleShard("apply_async", count: 5) == 4)
        #expect(SearchIndex.titleShard("线程", count: 5) == 3)
        // A word and the words it begins share a shard.
        #expect(SearchIndex.termShard("apply", count: 97) == SearchIndex.termShard("ap", count: 97))
    }

    @Test func titlesAreKeyedWithAndWithoutTheirNumber() {
        #expect(SearchIndex.titleKeys("1.2.线程池 ") == ["1.2.线程池", "线程池"])
        #expect(SearchIndex.titleKeys("  Queue\u{3000}") == ["queue"])
        #expect(SearchIndex.titleKeys("2024") == ["2024"])
        #expect(SearchIndex.titleKeys(" ") == [])
    }

    @Test func everyTermIsInTheShardItsTextNames() throws {
        let entries = Self.book(sections: 900)
        let index = try ParsedIndex(SearchIndex.files(entries))
        #expect(index.termShards > 2, "the book should need several shards")
        #expect(index.docs == entries.count && index.docsPerShard == SearchIndex.docsPerShard)
        var expected: [String: [Int: (weight: Int, inTitle: Bool)]] = [:]
        for (doc, entry) in entries.enumerated() {
            for term in SearchTerms.terms(entry.body) {
                expected[term, default: [:]][doc, default: (0, false)].weight += 1
            }
            for term in SearchTerms.terms(entry.title) {
                expected[term, default: [:]][doc, default: (0, false)].weight += 8
                expected[term]![doc]!.inTitle = true
            }
        }
        #expect(Set(index.terms.keys) == Set(expected.keys))
        for (term, found) in index.terms {
            #expect(found.shard == SearchIndex.termShard(term, count: index.termShards), "\(term)")
            let postings = try #require(expected[term])
            #expect(found.postings.map(\.doc) == postings.keys.sorted(), "\(term)")
            for posting in found.postings {
                #expect(
                    posting.weight == postings[posting.doc]?.weight && posting.inTitle == postings[posting.doc]?.inTitle
                )
            }
        }
        for (key, found) in index.titles {
            #expect(found.shard == SearchIndex.titleShard(key, count: index.titleShards), "\(key)")
            #expect(found.docs == entries.indices.filter { SearchIndex.titleKeys(entries[$0].title).contains(key) })
        }
        #expect(index.docRows == entries.map { [$0.url, $0.title, $0.chapter, $0.snippet] })
    }

    @Test func theNumberOfShardsGrowsWithTheIndex() throws {
        let small = try ParsedIndex(SearchIndex.files(Self.book(sections: 20)))
        let large = try ParsedIndex(SearchIndex.files(Self.book(sections: 1800)))
        #expect(small.termShards == 1 && small.titleShards == 1)
        #expect(large.termShards > 4)
        let shards = large.files.filter { $0.path.contains("/terms-") }
        let total = shards.reduce(0) { $0 + $1.bytes.count }
        // About shardBytes each: the file adds brackets and commas to the records it holds.
        #expect((SearchIndex.shardBytes / 2...SearchIndex.shardBytes * 21 / 20).contains(total / shards.count))
        #expect(shards.allSatisfy { $0.bytes.count < 2 * SearchIndex.shardBytes })
        let docs = large.files.filter { $0.path.contains("/docs-") }
        #expect(docs.count == (1800 + SearchIndex.docsPerShard - 1) / SearchIndex.docsPerShard)
    }

    @Test func theSameSectionsGiveTheSameBytesInOrder() throws {
        let entries = Self.book(sections: 300)
        let first = SearchIndex.files(entries)
        #expect(first == SearchIndex.files(entries))
        #expect(first.first?.path == "search/index.js")
        for file in first where file.path.contains("/terms-") || file.path.contains("/titles-") {
            let keys = try ParsedIndex.shard(file).data.map { try #require(($0 as? [Any])?.first as? String) }
            #expect(
                zip(keys, keys.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(file.path)")
        }
    }

    @Test func anEmptyIndexStillHasTheShardsSearchJSAsksFor() throws {
        let index = try ParsedIndex(SearchIndex.files([]))
        #expect(index.files.map(\.path) == ["search/index.js", "search/terms-0.js", "search/titles-0.js"])
        #expect(index.docs == 0)
    }

    @Test func theShardsAreScriptsWithEscapedStrings() throws {
        let files = SearchIndex.files([
            SearchEntry(
                url: "a.html#x", title: "</script><b>", chapter: "c\u{2028}d", texts: ["\"q\" \\ \u{1}"],
                snippet: "s\u{2029}")
        ])
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains("</script") && !text.contains("\u{2028}") && !text.contains("\u{2029}"))
            #expect(NotePath.pageProblems(path: file.path, bytes: file.bytes) == [])
        }
        let docs = String(decoding: try #require(files.first { $0.path == "search/docs-0.js" }).bytes, as: UTF8.self)
        #expect(
            docs
                == "window.NOTES_SEARCH_SHARD(\"docs-0\",[[\"a.html#x\",\"\\u003c/script>\\u003cb>\",\"c\\u2028d\",\"s\\u2029\"]]);\n"
        )
        let index = try ParsedIndex(files)
        #expect(index.terms["q"]?.postings.first?.weight == 1)
        #expect(index.titles["</script><b>"]?.docs == [0])
    }

    @Test func entriesFollowHeadingsAndHoldTheirPortsCode() throws {
        let binding = try ReportFixture.binding()
        let plan = SitePlan(
            binding: binding, report: try ReportFixture.report(), options: SiteOptions(title: "t", toolchain: "s"),
            tool: "")
        let document = try #require(binding.documents.first)
        let entries = SearchIndex.entries(of: document, views: plan.views(0))
        #expect(plan.views(0).count == binding.blocks.count)
        #expect(entries.map(\.title) == document.headings.map(\.text))
        #expect(entries.first?.url == "fixture.html#report-fixture")
        let passes = try #require(entries.first { $0.title == "Passes" })
        #expect(passes.url == "fixture.html#passes" && passes.chapter == "Report fixture")
        #expect(passes.body == "Prose claims it prints ok.\nprint(\"ok\")  # prints ok\n\npasses\n\n")
        #expect(passes.snippet == "Prose claims it prints ok.")
        let unmapped = try #require(entries.first { $0.title == "Unmapped" })
        #expect(unmapped.body == "print(\"nobody ports me\")\n\n" && unmapped.snippet == "print(\"nobody ports me\")")
        // Text before the first heading is a section of its own, under the
        // chapter's title: its first heading, whatever its level.
        let untitled = NotesFolder.parse("Intro text.\n\n## A\n\nx\n", path: "notes/u.md", layout: SiteMap.init)
        #expect(
            SearchIndex.entries(of: untitled, views: []) == [
                SearchEntry(url: "u.html", title: "A", chapter: "A", texts: ["Intro text."], snippet: "Intro text."),
                SearchEntry(url: "u.html#a", title: "A", chapter: "A", texts: ["x"], snippet: "x"),
            ])
        // With no heading at all, under the file's name.
        let bare = NotesFolder.parse("Only text.\n", path: "notes/u.md", layout: SiteMap.init)
        #expect(SearchIndex.entries(of: bare, views: []).map(\.chapter) == ["u"])
    }

    @Test func excerptsAreTheFirstCharactersOnOneLine() {
        let long = String(repeating: "线程池 ", count: 40)
        let texts = [
            "", "a", "  one  \n\n two\r\nthree ", "   \nx", "x\n   \n\ny", long, "short\n" + long,
            String(repeating: "e\u{301}", count: 111) + "\u{301}x", String(repeating: "ab\n", count: 80),
        ]
        for text in texts {
            let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            #expect(SearchIndex.excerpt(text) == (flat.count > 110 ? String(flat.prefix(110)) + "…" : flat))
        }
        #expect(SearchIndex.excerpt("  one  \n\n two\r\nthree ") == "one two three")
        #expect(SearchIndex.excerpt(long).count == 111)
    }

    /// An index joined from parts is the index of all their sections at once.
    @Test func partsJoinedAreTheWholeIndex() {
        let entries = Self.book(sections: 2500)
        let whole = SearchIndex.files(entries)
        let cuts = [0, 1, 7, 640, 1999, 2500]
        let parts = zip(cuts, cuts.dropFirst()).map { SearchIndex.Part(Array(entries[$0..<$1])) }
        #expect(SearchIndex.files(parts: parts) == whole)
        #expect(SearchIndex.files(parts: []) == SearchIndex.files([]))
    }

    /// The terms written in runs on several threads give the bytes written in one run on one.
    @Test func theShardsDoNotDependOnHowTheTermsAreSplit() {
        let parts = [SearchIndex.Part(Self.book(sections: 900))]
        let serial = SearchIndex.files(parts: parts, jobs: 1, termsPerRun: .max)
        #expect(serial.count > 10)
        for (jobs, run) in [(1, 1), (2, 97), (3, 1000), (8, 4096)] {
            #expect(
                SearchIndex.files(parts: parts, jobs: jobs, termsPerRun: run) == serial, "\(jobs) jobs, runs of \(run)")
        }
    }

    /// A part kept in the cache reads back as it was; bytes cut short or
    /// changed anywhere read back as no part, never as another one.
    @Test func aPartReadsBackOnlyFromItsOwnBytes() throws {
        let part = SearchIndex.Part(Self.book(sections: 30))
        let bytes = part.bytes
        #expect(SearchIndex.Part(bytes: bytes) == part)
        #expect(SearchIndex.Part(bytes: SearchIndex.Part().bytes) == SearchIndex.Part())
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(SearchIndex.Part(bytes: bytes.prefix(length)) == nil)
        }
        var generator = SplitMix(seed: 5)
        for _ in 0..<300 {
            var garbled = bytes
            garbled[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8))
            #expect(SearchIndex.Part(bytes: garbled) == nil)
        }
        #expect(SearchIndex.Part(bytes: Array("garbage".utf8)[...]) == nil)
        // A part read from the middle of the cache's file, as parts are.
        let file = Array("some other part".utf8) + bytes + Array("and another".utf8)
        let embedded = try #require(SearchIndex.Part(bytes: file[15..<15 + bytes.count]))
        #expect(embedded == part)
        #expect(SearchIndex.files(parts: [embedded, part]) == SearchIndex.files(parts: [part, part]))
    }

    /// A book of `sections` sections with words that repeat across sections, identifiers and Chinese.
    static func book(sections: Int) -> [SearchEntry] {
        let chinese = Array("线程池进程队列锁生产者消费者并发通信管道信号量事件条件")
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func word(_ number: Int) -> String { "\(letters[number % 26])\(letters[number / 26 % 26])\(number)" }
        return (0..<sections).map { doc in
            let words = (0..<40).map { word((doc * 31 + $0 * 17) % 4000) }
            let han = (0..<12).map { String(chinese[(doc + $0 * 7) % chinese.count]) }.joined()
            let body = words.joined(separator: " ") + " apply_async\(doc % 50) TaskQueue " + han
            return SearchEntry(
                url: "ch\(doc / 40).html#s\(doc)", title: "\(doc % 40 + 1).节\(doc % 97) Queue",
                chapter: "第\(doc / 40)章", texts: [body], snippet: "片段 \(doc)")
        }
    }
}

/// The index's files read back: each term's and title's shard and postings, and the docs.
struct ParsedIndex {
    struct Posting {
        var doc: Int
        var weight: Int
        var inTitle: Bool
    }

    var files: [SiteFile]
    var docs = 0
    var docsPerShard = 0
    var termShards = 0
    var titleShards = 0
    var terms: [String: (shard: Int, postings: [Posting])] = [:]
    var titles: [String: (shard: Int, docs: [Int])] = [:]
    var docRows: [[String]] = []

    init(_ files: [SiteFile]) throws {
        self.files = files
        let bootstrap = String(
            decoding: try #require(files.first { $0.path == "search/index.js" }).bytes, as: UTF8.self)
        let settings = try #require(bootstrap.firstMatch(of: /window\.NOTES_SEARCH = (\{.*\});\n/)?.output.1)
        let numbers = try #require(try JSONSerialization.jsonObject(with: Data(settings.utf8)) as? [String: Int])
        docs = numbers["docs"] ?? -1
        docsPerShard = numbers["docsPerShard"] ?? -1
        termShards = numbers["termShards"] ?? -1
        titleShards = numbers["titleShards"] ?? -1
        for file in files where file.path != "search/index.js" {
            let (name, data) = try Self.shard(file)
            #expect(file.path == "search/\(name).js")
            let shard = Int(name.split(separator: "-").last ?? "") ?? -1
            if name.hasPrefix("docs-") {
                #expect(shard * docsPerShard == docRows.count)
                docRows += try data.map { try #require($0 as? [String]) }
                continue
            }
            for record in data {
                let pair = try #require(record as? [Any])
                let key = try #require(pair.first as? String)
                let numbers = try #require(pair.last as? [Int])
                if name.hasPrefix("terms-") {
                    #expect(terms[key] == nil, "\(key) is in two shards")
                    var doc = 0
                    let postings = stride(from: 0, to: numbers.count, by: 2).map { index in
                        doc += numbers[index]
                        return Posting(doc: doc, weight: numbers[index + 1] / 2, inTitle: numbers[index + 1] % 2 == 1)
                    }
                    terms[key] = (shard, postings)
                } else {
                    #expect(titles[key] == nil, "\(key) is in two shards")
                    var doc = 0
                    titles[key] = (
                        shard,
                        numbers.map {
                            doc += $0
                            return doc
                        }
                    )
                }
            }
        }
    }

    /// A shard's name and data, from `window.NOTES_SEARCH_SHARD(name,data);`.
    static func shard(_ file: SiteFile) throws -> (name: String, data: [Any]) {
        let text = String(decoding: file.bytes, as: UTF8.self)
        let prefix = "window.NOTES_SEARCH_SHARD("
        let suffix = ");\n"
        try #require(text.hasPrefix(prefix) && text.hasSuffix(suffix), "\(file.path)")
        let json = "[" + text.dropFirst(prefix.count).dropLast(suffix.count) + "]"
        let call = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
        return (try #require(call.first as? String), try #require(call.last as? [Any]))
    }
}

@Suite("Terms numbered by their bytes", .hangGuard)
struct TermNumbersTests {
    /// Against a dictionary of strings, over enough terms to grow the table several times.
    @Test func numbersAreThoseOfADictionaryOfStrings() {
        var table = TermNumbers()
        var reference: [String: Int] = [:]
        var generator = SplitMix(seed: 11)
        for _ in 0..<20_000 {
            let term = ["线程", "池", "apply", "a", "é", "x\(generator.next() % 3000)"][Int(generator.next() % 6)]
            let wasNew = reference[term] == nil
            let expected = reference[term] ?? reference.count
            reference[term] = expected
            var copy = term
            let (number, isNew) = copy.withUTF8 { table.number(of: $0) }
            #expect(number == expected && isNew == wasNew, "\(term)")
        }
    }
}
