import ExampleKit
import Foundation

/// The site to render, chapter by chapter, with what each page depends on.
///
/// Everything here is computed once, up front and cheaply; the pages
/// themselves are rendered on demand, one chapter at a time, from any thread.
struct SitePlan: Sendable {
    struct Chapter: Sendable {
        var document: Document
        /// The chapter's bound blocks with their reports, in order.
        var views: [BlockView]
    }

    let site: SiteInfo
    let chapters: [Chapter]
    let documents: [Document]
    let report: CheckReport
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

    init(binding: consuming Binding, report: CheckReport, options: SiteOptions, tool: String) {
        // Paths relative to the notes folder: a published site names no folder of the machine that built it.
        let (binding, report) = SitePaths(notesRoot: binding.notesRoot, registrySource: binding.additions)
            .relative(consume binding, report)
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
        let views = Self.byNote(SiteBuilder.blockViews(binding, report))
        chapters = documents.map { Chapter(document: $0, views: views[$0.path] ?? []) }
        var sources: [String: String] = [:]
        for index in binding.blocks.indices {
            for example in binding.blocks[index].examples where sources[example.sourcePath] == nil {
                sources[example.sourcePath] = Digest.sha256(fileAt: example.sourcePath) ?? "unreadable"
            }
        }
        sourceDigests = sources
        pagesDigest = Digest.sha256(documents.map { "\($0.path)\t\($0.pageName)" }.joined(separator: "\n"))
        let images = documents.flatMap(\.images).map { image in
            "\(image.sitePath)\t\(FileStamp(path: image.source).map(String.init(describing:)) ?? "missing")"
        }
        summaryInputs = Digest.sha256(
            ([pagesDigest, Digest.sha256(StableEncoding.bytes(of: report.diagnostics)), Self.describe(options)] + images)
                .joined(separator: "\n"))
    }

    /// The views of each note, in order. A note's blocks are consecutive
    /// (the binder collects them note by note), so each note's views are
    /// copied once, as a run; the views of a course of one note are the
    /// array itself, not a copy of 100,000 of them.
    static func byNote(_ views: [BlockView]) -> [String: [BlockView]] {
        var notes: [String: [BlockView]] = [:]
        var start = 0
        while start < views.count {
            let path = views[start].bound.path
            var end = start + 1
            while end < views.count, views[end].bound.path == path { end += 1 }
            if start == 0, end == views.count { return [path: views] }
            notes[path, default: []] += views[start..<end]
            start = end
        }
        return notes
    }

    /// The digest of everything chapter `index`'s page shows.
    func chapterDigest(_ index: Int) -> String {
        let chapter = chapters[index]
        let neighbours = [index - 1, index + 1].map { site.chapters.indices.contains($0) ? site.chapters[$0] : nil }
        var parts = [
            "chapter", tool, Self.describe(options), pagesDigest, "\(site.chapters.count) \(site.hasPorts)",
            chapter.document.path, chapter.document.pageName, Digest.sha256(chapter.document.text),
            neighbours.map { $0.map { "\($0.title)\t\($0.file)" } ?? "-" }.joined(separator: "\n"),
            Self.reportsDigest(chapter.views),
        ]
        for view in chapter.views {
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
            pieces: ChapterPage.render(chapter.document, views: chapter.views, site: site, index: index))
    }

    func searchEntries(_ index: Int) -> [SearchEntry] {
        SearchIndex.entries(of: chapters[index].document, views: chapters[index].views)
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
