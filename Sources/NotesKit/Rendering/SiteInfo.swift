/// What every page of the site knows: its title, its chapters, how it was built.
struct SiteInfo: Sendable {
    struct Chapter: Sendable {
        var title: String
        /// The page's file name, e.g. `01-communication.html`.
        var file: String
    }

    var title: String
    /// One or two sentences on the notes (`notes.toml`'s `description`).
    var description: String? = nil
    var chapters: [Chapter]
    /// Whether any block has a port: the footer speaks of the ports' sleeps only then.
    var hasPorts = true
    /// The Swift toolchain that built and ran the ports.
    var toolchain: String
    /// The build date, only when SOURCE_DATE_EPOCH sets it (builds are
    /// otherwise byte-for-byte reproducible).
    var buildDate: String?
}
