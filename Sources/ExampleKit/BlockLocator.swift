/// Names one code block of the notes in a way that survives unrelated edits.
///
/// A block is found by the text of the nearest heading above it and its
/// position among the code blocks under that heading. Editing prose, adding
/// sections elsewhere or splitting the notes into other files does not move
/// it. Renaming the heading does, and the checker then says so.
public struct BlockLocator: Sendable, Hashable, CustomStringConvertible {
    /// The text of the nearest heading above the block, as it reads in the notes.
    public var heading: String
    /// The block's 1-based position among the code blocks under that heading.
    public var index: Int
    /// The top-level (`#`) heading the section sits under, when the heading
    /// text alone is ambiguous.
    public var chapter: String?

    public init(heading: String, index: Int = 1, chapter: String? = nil) {
        self.heading = heading
        self.index = index
        self.chapter = chapter
    }

    public var description: String {
        let scope = chapter.map { "\($0) › " } ?? ""
        return "block #\(index) under “\(scope)\(heading)”"
    }
}
