public import ExampleKit
import Foundation

/// What `notes build` tells its user: the problems found, the closing
/// line and the exit code, and what was written.
public struct BuildResult: Sendable, Equatable, Codable {
    /// Every diagnostic that is not a note, as `file:line: severity: message`.
    public var problems: [String]
    public var closingLine: String
    public var exitCode: Int32
    public var written: SiteBuilder.WriteSummary

    /// For tests of the remembered result.
    init(problems: [String], closingLine: String, exitCode: Int32, written: SiteBuilder.WriteSummary) {
        self.problems = problems
        self.closingLine = closingLine
        self.exitCode = exitCode
        self.written = written
    }

    public init(_ report: CheckReport, written: SiteBuilder.WriteSummary) {
        // The blocks' in runs on every core: a note of 100,000 blocks has as many problems.
        let shown = { @Sendable (diagnostics: [Diagnostic]) in
            diagnostics.filter { $0.severity != .note }.map(\.description)
        }
        let blocks = Parallel.mapEach(report.blocks) { shown($0.diagnostics) }
        problems = shown(report.diagnostics)
        problems.reserveCapacity(blocks.reduce(problems.count) { $0 + $1.count })
        for list in blocks { problems += list }
        closingLine = report.closingLine
        exitCode = report.exitCode
        self.written = written
    }
}

extension Pipeline {
    /// ``build(notes:registry:runner:output:options:selection:progress:)``,
    /// unless nothing it reads has changed since the last whole build of
    /// this site: then that build's result, with nothing parsed, run or
    /// written (``LastBuild``).
    public static func buildUnlessUnchanged(
        notes: String, registry: ExampleRegistry, runner: Runner, output: SiteWriter,
        options: SiteOptions, selection: Selection = .all, progress: ProgressStyle = .quiet
    ) throws -> BuildResult {
        try output.validate()
        let writer = output.keepingManifest(in: runner.cache?.directory)
        let last = StageClock.time("stamp") {
            LastBuild(
                writer: writer, notes: notes, registry: registry, runner: runner, options: options,
                tool: writer.manifestPath == nil ? "" : rendererIdentity(cache: runner.cache))
        }
        if selection.isAll, let unchanged = last?.load(writer: writer) { return unchanged }
        last?.forget()
        let result = try buildResult(
            notes: notes, registry: registry, runner: runner, output: output, options: options,
            selection: selection, progress: progress)
        if selection.isAll { StageClock.time("save last") { last?.save(result) } }
        return result
    }
}

/// The result of the last whole build of a site, remembered in the cache
/// under a stamp of everything it read, so that a build whose inputs have
/// not changed since parses, runs and renders nothing.
///
/// The stamp is cheap to take, and covers every input of a build:
/// - every file under the notes folder, and under the folders of the
///   examples' sources (ports, reviewed texts, reviews), by path, inode,
///   size and modification and change times;
/// - the `notes` binary (by its digest, remembered under its own stamp),
///   the site's options, the runner's limits and switches, and the
///   `python3` it would run;
/// - the run cache folder itself, whose times change whenever a result is
///   stored in it or removed.
///
/// The stamp is taken before the build, so that a build that runs
/// something changes the cache under it, and the next build is a whole one
/// again; the one after that finds everything cached, and is remembered.
/// The remembered result is used only when every file of the site is the
/// one the manifest recorded. A build of some
/// blocks (`notes build PATH…`) always runs, and forgets the last build.
struct LastBuild: Sendable {
    /// Bumped when what the stamp covers, or the file's shape, changes.
    static let format = 3

    let path: String
    let stamp: String

    /// Nil when the site keeps no manifest (no cache): then nothing is remembered.
    init?(
        writer: SiteWriter, notes: String, registry: ExampleRegistry, runner: Runner, options: SiteOptions,
        tool: String
    ) {
        guard let manifest = writer.manifestPath, let cache = runner.cache else { return nil }
        path = (manifest.hasSuffix(".json") ? String(manifest.dropLast(5)) : manifest) + ".last.json"
        // Made before the cache folder is stamped: making them later would change the stamp.
        for folder in [
            (manifest as NSString).deletingLastPathComponent, ParseMemo.folder(cacheDirectory: cache.directory),
        ] {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var parts = [
            "last build \(Self.format)", "tool \(tool)",
            "options \(options.title)\n\(options.toolchain)\n\(options.buildDate ?? "-")\n\(options.description ?? "-")",
            "runner \(runner.stampDescription)",
            "cache \(FileStamp(path: cache.directory).map(String.init(describing:)) ?? "-")",
        ]
        parts += Self.stamps(under: notes, label: "notes")
        var sourceFolders = Set(registry.examples.map { ($0.sourcePath as NSString).deletingLastPathComponent })
        if let reviewed = registry.reviewedBlocks { sourceFolders.insert(reviewed) }
        for folder in sourceFolders.sorted() { parts += Self.stamps(under: folder, label: "sources") }
        stamp = Digest.sha256(parts.joined(separator: "\n"))
    }

    /// The result of the last build, if its stamp is this one and its site
    /// is still there, every file as the manifest recorded it.
    func load(writer: SiteWriter) -> BuildResult? {
        guard let data = FileManager.default.contents(atPath: path),
            var result = Self.decode(data, stamp: stamp),
            let manifest = writer.currentManifest(), manifest.files.count == result.written.files,
            manifest.files.keys.allSatisfy({ writer.isIntact($0, in: manifest) })
        else { return nil }
        writer.removeLeftovers()
        result.written.rendered = 0
        return result
    }

    /// Remembers a whole build's result; call it once the site is written.
    func save(_ result: BuildResult) {
        if let bytes = Self.encode(result, stamp: stamp) { FileBytes.writeAtomically(bytes, to: path) }
    }

    /// Forgets the last build, before a build that may change the site.
    func forget() {
        unlink(path)
    }

    /// The stamp on a line of its own, so that another build's result is
    /// never decoded; the result as a line of JSON without its problems;
    /// then each problem as its length in UTF-8 bytes, `:` and its bytes: a
    /// note of 100,000 blocks has as many problems, too many for a JSON
    /// array of strings.
    static func encode(_ result: BuildResult, stamp: String) -> Data? {
        var summary = result
        summary.problems = []
        let saved = Saved(format: format, problems: result.problems.count, result: summary)
        guard let json = try? JSONEncoder().encode(saved) else { return nil }
        var bytes = Data("\(stamp)\n".utf8) + json
        bytes.append(UInt8(ascii: "\n"))
        for problem in result.problems {
            bytes.append(contentsOf: "\(problem.utf8.count):".utf8)
            bytes.append(contentsOf: problem.utf8)
        }
        return bytes
    }

    /// What ``encode(_:stamp:)`` wrote, or nil for anything else: another
    /// format or stamp, or bytes cut short or added.
    static func decode(_ data: Data, stamp: String) -> BuildResult? {
        let header = Data("\(stamp)\n".utf8)
        guard data.starts(with: header) else { return nil }
        let bytes = [UInt8](data.dropFirst(header.count))
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
            let saved = try? JSONDecoder().decode(Saved.self, from: Data(bytes[..<newline])),
            saved.format == format
        else { return nil }
        var problems: [String] = []
        problems.reserveCapacity(saved.problems)
        var index = newline + 1
        while index < bytes.count {
            var length = 0
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), length < 1 << 40 else {
                    return nil
                }
                length = length * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > start, index < bytes.count, bytes.count - index - 1 >= length else { return nil }
            index += 1
            problems.append(String(decoding: bytes[index..<index + length], as: UTF8.self))
            index += length
        }
        guard problems.count == saved.problems else { return nil }
        var result = saved.result
        result.problems = problems
        return result
    }

    private struct Saved: Codable {
        var format: Int
        /// How many problems follow the JSON.
        var problems: Int
        var result: BuildResult
    }

    /// A line per file under `folder` (hidden ones skipped, as the notes'
    /// loader skips them), with its stamp, following symbolic links.
    static func stamps(under folder: String, label: String) -> [String] {
        var lines = ["\(label) \(folder) \(FileStamp(path: folder).map(String.init(describing:)) ?? "-")"]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return lines }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            files.append(relative)
        }
        for relative in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let stamp = FileStamp(path: "\(folder)/\(relative)").map(String.init(describing:)) ?? "-"
            lines.append("\(relative) \(stamp)")
        }
        return lines
    }
}
