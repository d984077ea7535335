import Foundation

/// Finds the line of the notes that a claim or an erratum quotes: in the
/// block's code first, then in the rest of its section, then in the
/// section just before it when that one is a sibling with no code of its
/// own (an introduction such as 4.1 before the blocks of 4.2 and 4.3).
///
/// Whitespace does not count, so a quote still matches when the notes
/// re-wrap or re-indent it.
///
/// The lines are read on the first search only: most blocks quote nothing,
/// and splitting a long note for each of its blocks would cost the square
/// of its length.
final class QuoteFinder {
    private let block: BoundBlock?
    private let document: Document?
    /// Each searched line's number and its text without whitespace, block
    /// lines first.
    private lazy var lines: [(number: Int, squeezed: String)] = Self.lines(block: block, document: document)

    init(block: BoundBlock?, document: Document?) {
        self.block = block
        self.document = document
    }

    private static func lines(block: BoundBlock?, document: Document?) -> [(number: Int, squeezed: String)] {
        guard let block else { return [] }
        guard let document else {
            // Only the code is known: number its lines from the fence.
            return block.block.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                (block.block.line + 1 + $0.offset, Self.squeeze($0.element))
            }
        }
        let source = SourceLines(document.text)
        let code = Array((block.block.line...block.block.endLine))
        let start = block.section?.line ?? 1
        let end = document.headings.first { $0.line > start }?.line ?? source.count + 1
        let section = (start..<max(start, min(end, source.count + 1))).filter { !code.contains($0) }
        var introduction: [Int] = []
        // A sibling (or a deeper heading) with no code, never a parent: a
        // chapter's heading does not introduce its first section's block.
        if let section = block.section,
            let previous = document.headings.last(where: { $0.line < start }).flatMap({
                $0.level >= section.level ? $0.line : nil
            })
        {
            let hasCode = document.blocks.contains { item in
                guard case .code(let other) = item else { return false }
                return other.line > previous && other.line < start
            }
            if !hasCode { introduction = Array(previous..<start) }
        }
        return (code + section + introduction).map { ($0, Self.squeeze(source.line($0))) }
    }

    /// The line where `quote` starts, or nil when the block and its section
    /// do not contain it. A quote may run over several lines.
    func line(of quote: String) -> Int? {
        let wanted = Self.squeeze(quote)
        guard !wanted.isEmpty else { return nil }
        if let single = lines.first(where: { $0.squeezed.contains(wanted) }) { return single.number }
        // Across consecutive lines: join a run of neighbours, and return
        // the line the quote starts on.
        for start in lines.indices {
            var joined = ""
            var starts: [(offset: Int, number: Int)] = []
            var index = start
            while index < lines.count, joined.count < wanted.count + lines[start].squeezed.count {
                if index > start, lines[index].number != lines[index - 1].number + 1 { break }
                starts.append((joined.count, lines[index].number))
                joined += lines[index].squeezed
                if let range = joined.range(of: wanted) {
                    let offset = joined.distance(from: joined.startIndex, to: range.lowerBound)
                    return starts.last { $0.offset <= offset }?.number
                }
                index += 1
            }
        }
        return nil
    }

    private static func squeeze(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
