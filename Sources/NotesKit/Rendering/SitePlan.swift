import ExampleKit
import Foundation

/// The site to render, chapter by chapter, with what each page depends on.
///
/// Everything here is computed once, up front and cheaply; the pages
/// themselves are rendered on demand, one chapter at a time, from any thread.
struct SitePlan: Sendable {
    struct Chapter: Sendable {
        /// The note, without its text (``textDigest`` stands for it).
        var document: Document
        /// The digest of the note (its bytes', as read, else its text's).
        var textDigest: String
        /// Where the chapter's blocks are in ``SitePlan/blocks`` and the
        /// report's: one run, as the binder collects blocks note by note.
        var runs: [Range<Int>]
    }

    let site: SiteInfo
    let chapters: [Chapter]
    let documents: [Document]
    let report: CheckReport
    /// The bound blocks, in the report's order.
    private let blocks: [BoundBlock]
    /// Each port source, split, by path; missing if unreadable.
    private let portSources: [String: PortSource]
    let options: SiteOptions
    let tool: String
    /// The digest of what the index, errata and search pages show beyond the
    /// chapters' own inputs: the report's file-level diagnostics, the page
    /// names, the images' stamps, the options.
    let summaryInputs: String
    /// The digest of every page name: a link to another note shows its page.
    private let pagesDigest: String
    /// Each port source's digest, by path.
    private let sourceDigests: [String: String]

    init(binding: consuming Binding, report: consuming CheckReport, options: SiteOptions, tool: String) {
        // Paths relative to the notes folder: a published site names no folder of the machine that built it.
        var (binding, report) = SitePaths(notesRoot: binding.notesRoot, registrySource: binding.additions)
            .relative(consume binding, consume report)
        // The notes' texts are let go once digested: no page shows a note's
        // source, and a course's texts are as large as its pages' prose.
        let textDigests = Parallel.mapEach(binding.documents) { $0.sourceDigest ?? Digest.sha256($0.text) }
        for index in binding.documents.indices { binding.documents[index].text = "" }
        let documents = binding.documents
        self.documents = documents
        self.report = report
        self.options = options
        self.tool = tool
        site = SiteInfo(
            title: options.title, description: options.description,
            chapters: documents.map { .init(title: $0.displayTitle, file: $0.pageName) },
            hasPorts: report.blocks.indices.contains { !report.blocks[$0].examples.isEmpty },
            toolchain: options.toolchain,
            buildDate: options.buildDate)
        let runs = Self.runs(binding.blocks)
        chapters = documents.indices.map {
            Chapter(document: documents[$0], textDigest: textDigests[$0], runs: runs[documents[$0].path] ?? [])
        }
        var sources: [String: String] = [:]
        var portSources: [String: PortSource] = [:]
        for index in binding.blocks.indices {
            for example in binding.blocks[index].examples where sources[example.sourcePath] == nil {
                sources[example.sourcePath] = Digest.sha256(fileAt: example.sourcePath) ?? "unreadable"
                portSources[example.sourcePath] = PortSource.load(example.sourcePath)
            }
        }
        sourceDigests = sources
        self.portSources = portSources
        blocks = binding.blocks
        pagesDigest = Digest.sha256(documents.map { "\($0.path)\t\($0.pageName)" }.joined(separator: "\n"))
        let images = documents.flatMap(\.images).map { image in
            "\(image.sitePath)\t\(FileStamp(path: image.source).map(String.init(describing:)) ?? "missing")"
        }
        summaryInputs = Digest.sha256(
            ([pagesDigest, Digest.sha256(StableEncoding.bytes(of: report.diagnostics)), Self.describe(options)] + images)
                .joined(separator: "\n"))
    }

    /// The runs of each note's blocks, by path. A note's blocks are
    /// consecutive (the binder collects them note by note): one run each.
    static func runs(_ blocks: [BoundBlock]) -> [String: [Range<Int>]] {
        var runs: [String: [Range<Int>]] = [:]
        var start = 0
        while start < blocks.count {
            let path = blocks[start].path
            var end = start + 1
            while end < blocks.count, blocks[end].path == path { end += 1 }
            runs[path, default: []].append(start..<end)
            start = end
        }
        return runs
    }

    /// Chapter `index`'s blocks with their reports and their examples'
    /// sources, made when asked for: only the pages being made hold theirs.
    func views(_ index: Int) -> [BlockView] {
        var views: [BlockView] = []
        views.reserveCapacity(chapters[index].runs.reduce(0) { $0 + $1.count })
        for run in chapters[index].runs {
            for block in run {
                var own: [String: PortSource] = [:]
                for example in blocks[block].examples { own[example.id] = portSources[example.sourcePath] }
                views.append(BlockView(bound: blocks[block], report: report.blocks[block], sources: own))
            }
        }
        return views
    }

    /// The digest of everything chapter `index`'s page shows.
    func chapterDigest(_ index: Int) -> String {
        let chapter = chapters[index]
        let views = views(index)
        let neighbours = [index - 1, index + 1].map { site.chapters.indices.contains($0) ? site.chapters[$0] : nil }
        var parts = [
            "chapter", tool, Self.describe(options), pagesDigest, "\(site.chapters.count) \(site.hasPorts)",
            chapter.document.path, chapter.document.pageName, chapter.textDigest,
            neighbours.map { $0.map { "\($0.title)\t\($0.file)" } ?? "-" }.joined(separator: "\n"),
            Self.reportsDigest(views),
        ]
        for view in views {
            for example in view.bound.examples {
                parts.append("\(example.id)\t\(sourceDigests[example.sourcePath] ?? "-")")
            }
        }
        return Digest.sha256(parts.joined(separator: "\u{1F}"))
    }

    /// The digest of the views' reports, by runs of a fixed length
    /// encoded on every core: one note may hold 100,000 blocks.
    private static func reportsDigest(_ views: [BlockView]) -> String {
        Parallel.mapRuns(of: views.count, run: 1024) {
            Digest.sha256(StableEncoding.bytes(of: Reports(views: views[$0])))
        }
        .joined(separator: ",")
    }

    /// The views' reports, encoded as an array of them would be, without copying them into one.
    private struct Reports: Encodable {
        let views: ArraySlice<BlockView>

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for view in views { try container.encode(view.report) }
        }
    }

    func chapterPage(_ index: Int) -> SiteFile {
        let chapter = chapters[index]
        return SiteFile(
            chapter.document.pageName,
            pieces: ChapterPage.render(chapter.document, views: views(index), site: site, index: index))
    }

    func searchEntries(_ index: Int) -> [SearchEntry] {
        SearchIndex.entries(of: chapters[index].document, views: views(index))
    }

    /// The pages that show the whole course: the index, the errata, the search page.
    func summaryPages() -> [SiteFile] {
        [
            SiteFile(SiteMap.index, IndexPage.render(site: site, documents: documents, report: report)),
            SiteFile(SiteMap.errata, ErrataPage.render(site: site, documents: documents, report: report)),
            SiteFile(SiteMap.search, SearchPage.render(site: site)),
        ]
    }

    /// The stylesheet, the search script, and the notes' images.
    func assets() -> [SiteFile] {
        var files = [
            SiteFile(SiteMap.stylesheet, bytes: PackageResources.style_css),
            SiteFile(SiteMap.searchScript, bytes: PackageResources.search_js),
        ]
        var copied = Set<String>()
        for image in documents.flatMap(\.images) where copied.insert(image.sitePath).inserted {
            if let data = FileManager.default.contents(atPath: image.source) {
                files.append(SiteFile(image.sitePath, bytes: [UInt8](data)))
            }
        }
        return files
    }

    private static func describe(_ options: SiteOptions) -> String {
        [options.title, options.toolchain, options.buildDate ?? "-", options.description ?? "-"]
            .joined(separator: "\n")
    }

}
