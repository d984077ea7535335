import CNotesSystem
import ExampleKit
import Foundation

/// A file of the site, in memory.
///
/// Its bytes are kept in pieces, written one after another: a chapter's
/// page is its frame and its blocks' markup, and a note of 100,000 blocks
/// makes a page of hundreds of megabytes that is never joined into one
/// buffer, nor copied from text into bytes.
struct SiteFile: Sendable, Equatable {
    /// Some of the file's bytes: text as it was made, or bytes.
    enum Piece: Sendable {
        case text(String)
        case bytes([UInt8])

        var count: Int {
            switch self {
            case .text(let text): text.utf8.count
            case .bytes(let bytes): bytes.count
            }
        }

        /// Calls `body` with the piece's bytes, without copying them.
        func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            switch self {
            case .text(var text): try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
            case .bytes(let bytes): try bytes.withUnsafeBytes(body)
            }
        }
    }

    /// Relative to the site folder, e.g. `assets/style.css`.
    var path: String
    private(set) var pieces: [Piece]

    init(_ path: String, _ text: String) {
        self.init(path, pieces: [.text(text)])
    }

    init(_ path: String, bytes: [UInt8]) {
        self.init(path, pieces: [.bytes(bytes)])
    }

    init(_ path: String, pieces: [Piece]) {
        self.path = path
        self.pieces = pieces
    }

    /// The file's bytes, joined: for small files and tests.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for piece in pieces { piece.withBytes { bytes.append(contentsOf: $0) } }
        return bytes
    }

    var count: Int { pieces.reduce(0) { $0 + $1.count } }

    /// Files are equal when their paths and bytes are, however they are cut.
    static func == (lhs: SiteFile, rhs: SiteFile) -> Bool {
        lhs.path == rhs.path && lhs.count == rhs.count && lhs.bytes == rhs.bytes
    }
}

/// How the site is labelled.
public struct SiteOptions: Sendable {
    /// The title when neither `--title` nor `notes.toml` gives one.
    public static let defaultTitle = "课程笔记"

    public var title: String
    /// Shown on the index and in each page's `<meta name="description">`.
    public var description: String?
    /// The Swift toolchain, shown on every page.
    public var toolchain: String
    /// Shown only when set (from SOURCE_DATE_EPOCH), so builds stay reproducible.
    public var buildDate: String?

    public init(title: String, toolchain: String, buildDate: String? = nil, description: String? = nil) {
        self.title = title
        self.description = description
        self.toolchain = toolchain
        self.buildDate = buildDate
    }
}

/// Renders the site: chapter pages, the index, the errata page, the search
/// page and its index, the stylesheet and script, and the notes' images.
///
/// ``write(binding:report:options:to:jobs:tool:)`` renders the chapters in
/// parallel and writes each page as soon as it is made, so memory holds a
/// few pages at a time, never the site; a page whose inputs are unchanged
/// since the last build (``SiteManifest``) is linked from it, not rendered.
/// ``files(binding:report:options:)`` renders everything in memory, for tests
/// and the fuzzer. Both give the same bytes, whatever the number of jobs.
public enum SiteBuilder {
    static func files(binding: Binding, report: CheckReport, options: SiteOptions) -> [SiteFile] {
        let plan = SitePlan(binding: binding, report: report, options: options, tool: "")
        var files = plan.chapters.indices.map { plan.chapterPage($0) }
        files += plan.summaryPages() + SearchIndex.files(plan.chapters.indices.flatMap(plan.searchEntries))
        files += plan.assets()
        return files
    }

    /// What ``write(binding:report:options:to:jobs:tool:)`` did.
    public struct WriteSummary: Sendable, Equatable, Codable {
        /// Files in the site.
        public var files: Int
        /// Of those, files rendered or copied by this build; the others were
        /// unchanged and kept from the previous site.
        public var rendered: Int
    }

    /// Renders and writes the site; see the type's documentation.
    /// - Parameters:
    ///   - jobs: How many chapters render at once.
    ///   - tool: The identity of the renderer (the `notes` binary's
    ///     digest): pages of another version are never reused. Asked only
    ///     when the writer keeps a manifest.
    /// - Throws: ``ConfigurationError`` when the folder cannot be written.
    /// - Parameters:
    ///   - binding: Taken, so that the site's paths are written into its
    ///     blocks in place, not into a copy of them.
    ///   - report: Taken likewise, when the caller keeps no copy.
    static func write(
        binding: consuming Binding, report: consuming CheckReport, options: SiteOptions, to writer: SiteWriter,
        jobs: Int, tool: @autoclosure () -> String
    ) throws -> WriteSummary {
        // Without a manifest no page is reused, and the renderer's digest (of a 70 MB binary) is not needed.
        let tool = writer.manifestPath == nil ? "" : tool()
        var report: CheckReport? = consume report
        let plan = StageClock.time("plan", taking: consume binding) {
            SitePlan(binding: $0, report: report.take()!, options: options, tool: tool)
        }
        // What the checks and the plan let go is given back before the
        // pages are made: threads' arenas otherwise keep it apart from
        // what the rendering asks for.
        StageClock.time("trim") { _ = notes_malloc_trim() }
        let previous = StageClock.time("read manifest") { writer.currentManifest() }
        let digests = StageClock.time("chapter digests") {
            Parallel.map(plan.chapters.count, jobs: jobs) { plan.chapterDigest($0) }
        }
        let global = Digest.sha256(([tool, plan.summaryInputs] + digests).joined(separator: "\n"))
        let reusable = { @Sendable (path: String, inputs: String) -> Bool in
            guard let previous else { return false }
            return previous.inputs(of: path) == inputs && writer.isIntact(path, in: previous)
        }
        let chapterPaths = plan.chapters.map(\.document.pageName)
        let chapterSet = Set(chapterPaths)
        // The previous site's other files: the index, errata, search, assets and images.
        let globalPaths = previous?.files.keys.filter { !chapterSet.contains($0) } ?? []
        let globalReusable = !globalPaths.isEmpty && globalPaths.allSatisfy { reusable($0, global) }
        // Nothing changed: the site stays as it is, not a byte written.
        if globalReusable, zip(chapterPaths, digests).allSatisfy(reusable) {
            writer.removeLeftovers()
            return WriteSummary(files: chapterPaths.count + globalPaths.count, rendered: 0)
        }

        let staging = try StageClock.time("stage") { try writer.begin() }
        // Job 0 makes the index, errata, search and assets, which depend on
        // every chapter's inputs: kept when none changed (only chapter pages
        // are written again), else made afresh. It is claimed first, so that
        // its long serial part (the search index) runs beside the chapters.
        let counts = try StageClock.time("render") {
            try Parallel.map(plan.chapters.count + 1, jobs: jobs) { job throws -> (kept: Int, made: Int) in
                guard job > 0 else {
                    if globalReusable, try globalPaths.allSatisfy({ try staging.keep($0, inputs: global) }) {
                        return (globalPaths.count, 0)
                    }
                    // The summary pages beside the search index: a build of one
                    // edited chapter waits for these two alone. Each file is
                    // placed as soon as it is made.
                    let made = try Parallel.map(2, jobs: jobs) { part throws -> Int in
                        guard part == 1 else {
                            let files = StageClock.time("summary pages") { plan.summaryPages() } + plan.assets()
                            try StageClock.time("place summary") {
                                for file in files { try staging.place(file, inputs: global) }
                            }
                            return files.count
                        }
                        // The parts stay as the bytes the cache keeps until the shards are written.
                        let parts = StageClock.time("search parts") {
                            searchParts(
                                plan, digests: digests, memo: SearchMemo(manifestPath: writer.manifestPath), jobs: jobs)
                        }
                        return try StageClock.time("search index") {
                            try SearchIndex.write(parts: parts) { try staging.place($0, inputs: global) }
                        }
                    }
                    return (0, made.reduce(0, +))
                }
                let index = job - 1
                let path = chapterPaths[index]
                if reusable(path, digests[index]), try staging.keep(path, inputs: digests[index]) { return (1, 0) }
                try staging.place(plan.chapterPage(index), inputs: digests[index])
                return (0, 1)
            }
        }
        let kept = counts.map(\.kept).reduce(0, +)
        let made = counts.map(\.made).reduce(0, +)
        try StageClock.time("commit") { try staging.commit(manifest: SiteManifest()) }
        return WriteSummary(files: kept + made, rendered: made)
    }

    /// The search index in parts of a few chapters each, read back from
    /// `memo` where a part's chapters are those of the last build, else
    /// cut afresh and kept there.
    private static func searchParts(
        _ plan: SitePlan, digests: [String], memo: SearchMemo?, jobs: Int
    ) -> [SearchIndex.Part] {
        let keyed = Parallel.mapRuns(of: plan.chapters.count, run: SearchMemo.chaptersPerPart, jobs: jobs) { chapters in
            let key = SearchMemo.key(chapterDigests: digests[chapters])
            if let part = memo?.load(key) { return (key: key, part: part, made: false) }
            return (key: key, part: SearchIndex.Part(chapters.flatMap(plan.searchEntries)), made: true)
        }
        memo?.save(keyed)
        return keyed.map(\.part)
    }
}
