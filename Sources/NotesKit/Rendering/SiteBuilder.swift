import ExampleKit
import Foundation

/// A file of the site, in memory.
struct SiteFile: Sendable, Equatable {
    /// Relative to the site folder, e.g. `assets/style.css`.
    var path: String
    var bytes: [UInt8]

    init(_ path: String, _ text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }

    init(_ path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// How the site is labelled.
public struct SiteOptions: Sendable {
    public var title: String
    /// The Swift toolchain, shown on every page.
    public var toolchain: String
    /// Shown only when set (from SOURCE_DATE_EPOCH), so builds stay reproducible.
    public var buildDate: String?

    public init(title: String, toolchain: String, buildDate: String? = nil) {
        self.title = title
        self.toolchain = toolchain
        self.buildDate = buildDate
    }
}

/// Renders the whole site in memory: chapter pages, the index, the errata
/// page, the search page and its index, the stylesheet and script, and the notes' images.
enum SiteBuilder {
    static func files(binding: Binding, report: CheckReport, options: SiteOptions) -> [SiteFile] {
        let documents = binding.documents
        let site = SiteInfo(
            title: options.title,
            chapters: documents.map { .init(title: $0.title ?? $0.pageName, file: $0.pageName) },
            toolchain: options.toolchain, buildDate: options.buildDate)
        let views = blockViews(binding, report)

        var files: [SiteFile] = []
        var searchEntries: [SearchEntry] = []
        for (index, document) in documents.enumerated() {
            let own = views.filter { $0.bound.path == document.path }
            files.append(
                SiteFile(document.pageName, ChapterPage.render(document, views: own, site: site, index: index)))
            searchEntries += SearchIndex.entries(of: document, views: own)
        }
        files.append(SiteFile("index.html", IndexPage.render(site: site, documents: documents, report: report)))
        files.append(
            SiteFile(ErrataPage.file, ErrataPage.render(site: site, documents: documents, report: report)))
        files.append(SiteFile("search.html", SearchPage.render(site: site)))
        files += SearchIndex.files(searchEntries)
        files.append(SiteFile("assets/style.css", bytes: PackageResources.style_css))
        files.append(SiteFile("assets/search.js", bytes: PackageResources.search_js))
        var copied = Set<String>()
        for image in documents.flatMap(\.images) where copied.insert(image.sitePath).inserted {
            if let data = FileManager.default.contents(atPath: image.source) {
                files.append(SiteFile(image.sitePath, bytes: [UInt8](data)))
            }
        }
        return files
    }

    /// Each bound block with its report and its examples' sources.
    static func blockViews(_ binding: Binding, _ report: CheckReport) -> [BlockView] {
        var sources: [String: PortSource] = [:]
        return zip(binding.blocks, report.blocks).map { bound, blockReport in
            var own: [String: PortSource] = [:]
            for example in bound.examples {
                if sources[example.sourcePath] == nil {
                    sources[example.sourcePath] = PortSource.load(example.sourcePath)
                }
                own[example.id] = sources[example.sourcePath]
            }
            return BlockView(bound: bound, report: blockReport, sources: own)
        }
    }
}
