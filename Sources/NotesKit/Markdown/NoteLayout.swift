/// What the notes become, as the parse needs to know it: the page of each
/// note, and where a note's links and images lead. The renderer's
/// ``SiteMap`` answers; the parse decides none of it.
protocol NoteLayout: Sendable {
    /// The page of the note at `file`, relative to the notes folder.
    func page(for file: String) -> String
    /// How the links and images of the note at `file` resolve.
    func links(for file: String, root: String) -> LinkPolicy
}
