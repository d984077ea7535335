import Testing

@testable import NotesKit

@Suite("The site's plan", .timeLimit(.minutes(1)))
struct SitePlanTests {
    static func view(_ path: String, line: Int) -> BlockView {
        var bound = QuoteContext.block(code: "print(\(line))")
        bound.path = path
        bound.block.line = line
        let report = Checker.checkBlock(
            bound, outcomes: [:], document: nil, originals: OriginalLauncher(enabled: false))
        return BlockView(bound: bound, report: report, sources: [:])
    }

    /// A note's views keep their order, whether its blocks come in one run or not.
    @Test func viewsAreGroupedByNoteInOrder() {
        func lines(_ views: [BlockView]) -> [String: [Int]] {
            SitePlan.byNote(views).mapValues { $0.map(\.bound.block.line) }
        }
        #expect(lines([Self.view("a.md", line: 1), Self.view("a.md", line: 5)]) == ["a.md": [1, 5]])
        let mixed = [
            Self.view("a.md", line: 1), Self.view("a.md", line: 5), Self.view("b.md", line: 2),
            Self.view("a.md", line: 9),
        ]
        #expect(lines(mixed) == ["a.md": [1, 5, 9], "b.md": [2]])
        #expect(SitePlan.byNote([]).isEmpty)
    }
}
