import Foundation

/// Finds the line of the notes that a claim or an erratum quotes: in the
/// block's code first, then in the rest of its section.
///
/// Whitespace does not count, so a quote still matches when the notes
/// re-wrap or re-indent it.
struct QuoteFinder {
    private let block: BoundBlock?
    private let document: Document?

    init(block: BoundBlock?, document: Document?) {
        self.block = block
        self.document = document
    }

    /// Each searched line's number and its text without whitespace, block
    /// lines first. Made only when a quote is looked for: most blocks have
    /// none, and splitting the whole document for each block of a large
    /// note would take time that grows with the square of its size.
    private var lines: [(number: Int, squeezed: String)] {
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
        return (code + section).map { ($0, Self.squeeze(source.line($0))) }
    }

    /// The line where `quote` starts, or nil when the block and its section
    /// do not contain it. A quote may run over several lines.
    func line(of quote: String) -> Int? {
        let wanted = Self.squeeze(quote)
        guard !wanted.isEmpty else { return nil }
        let lines = self.lines
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
