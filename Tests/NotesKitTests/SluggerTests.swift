import Testing

@testable import NotesKit

@Suite(.hangGuard) struct SluggerTests {
    @Test(arguments: [
        ("1.进程通信隔离", "1进程通信隔离"),
        ("并发池（进程池与线程池）", "并发池进程池与线程池"),
        ("4.1队列操作", "41队列操作"),
        ("Hello, World! 你好", "hello-world-你好"),
        ("ThreadPool apply_async", "threadpool-apply_async"),
        ("！？。", "section"),
        ("  spaced   out  ", "spaced---out"),
    ])
    func slugs(_ text: String, _ expected: String) {
        #expect(Slugger.base(text) == expected)
    }

    @Test func repeatsAreNumbered() {
        var slugger = Slugger()
        #expect(slugger.slug("线程池") == "线程池")
        #expect(slugger.slug("线程池") == "线程池-1")
        #expect(slugger.slug("线程池-1") == "线程池-1-1")
        #expect(slugger.slug("线程池") == "线程池-2")
    }

    /// Repeats cost a look-up each, however many came before: 2,000 copies
    /// of one heading, among headings that read like its numbered repeats,
    /// take at most two look-ups a heading (it was one per earlier repeat),
    /// and give the anchors counting up from the start gives.
    @Test func repeatsCostALookUpEachNotOnePerEarlierRepeat() {
        var headings: [String] = []
        for index in 0..<2_000 {
            headings.append("a")
            if index % 100 == 0 { headings.append("a-\(index + 2)") }
        }
        var slugger = Slugger()
        let anchors = headings.map { slugger.slug($0) }
        #expect(slugger.lookups <= 2 * headings.count, "\(slugger.lookups) look-ups")
        // The old way, counting up from the start for every repeat.
        var used: Set<String> = []
        let expected = headings.map { heading in
            var candidate = heading
            var counter = 0
            while !used.insert(candidate).inserted {
                counter += 1
                candidate = "\(heading)-\(counter)"
            }
            return candidate
        }
        #expect(anchors == expected)
    }

    /// ASCII is decided from the scalar itself, not its Unicode properties: the same answer for every one of them.
    @Test func asciiIsSluggedAsItsPropertiesSay() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            let expected: String
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .decimalNumber, .connectorPunctuation:
                expected = String(scalar).lowercased()
            case .dashPunctuation where scalar == "-": expected = "-"
            case .spaceSeparator: expected = "-"
            default: expected = scalar == "\t" ? "-" : ""
            }
            #expect(Slugger.base("a\(scalar)b") == "a\(expected)b", "U+\(String(value, radix: 16))")
        }
    }

    /// The CJK ideographs are kept without looking them up: every one of them is a letter.
    @Test func cjkIdeographsAreLetters() {
        for value in UInt32(0x4E00)...0x9FFF {
            let scalar = Unicode.Scalar(value)!
            #expect(scalar.properties.generalCategory == .otherLetter, "U+\(String(value, radix: 16))")
        }
        #expect(Slugger.base("线程池 与 锁") == "线程池-与-锁")
    }
}
