/// Names one code block of the notes: the note it is in, the nearest
/// heading above it, and its position among the code blocks under that
/// heading.
///
/// Editing prose or adding sections elsewhere does not move a block.
/// Moving it into another note does: the locator names the note, so that
/// only the note a reviewer read can bind (and so run) the block, never a
/// stranger's note that borrows one of its headings. The checker then says
/// where the heading went, and the locator's `note` is changed by hand.
public struct BlockLocator: Sendable, Hashable, CustomStringConvertible {
    /// The note's path inside the notes folder, with `/` between folders:
    /// `01-communication.md`, `part-2/queues.md`.
    public var note: String
    /// The text of the nearest heading above the block, as it reads in the notes.
    public var heading: String
    /// The block's 1-based position among the code blocks under that heading.
    public var index: Int
    /// The top-level (`#`) heading the section sits under, when the heading
    /// text alone is ambiguous within the note.
    public var chapter: String?

    public init(note: String, heading: String, index: Int = 1, chapter: String? = nil) {
        self.note = note
        self.heading = heading
        self.index = index
        self.chapter = chapter
    }

    public var description: String {
        let scope = chapter.map { "\($0) › " } ?? ""
        return "block #\(index) under “\(scope)\(heading)” in \(note)"
    }
}
