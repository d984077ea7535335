import Testing

@testable import NotesKit

@Suite("The site's plan", .hangGuard)
struct SitePlanTests {
    static func block(_ path: String, line: Int) -> BoundBlock {
        var bound = QuoteContext.block(code: "print(\(line))")
        bound.path = path
        bound.block.line = line
        return bound
    }

    /// A note's blocks are found in order, whether they come in one run or not.
    @Test func blocksAreGroupedByNoteInOrder() {
        #expect(SitePlan.runs([Self.block("a.md", line: 1), Self.block("a.md", line: 5)]) == ["a.md": [0..<2]])
        let mixed = [
            Self.block("a.md", line: 1), Self.block("a.md", line: 5), Self.block("b.md", line: 2),
            Self.block("a.md", line: 9),
        ]
        #expect(SitePlan.runs(mixed) == ["a.md": [0..<2, 3..<4], "b.md": [2..<3]])
        #expect(SitePlan.runs([]).isEmpty)
    }
}
