public import ExampleKit
import Foundation

/// The whole pipeline, stage by stage: parse → bind → run → check → render → write.
public enum Pipeline {
    /// Parses the notes in `notes` and binds their blocks to `registry`.
    /// Unreadable files become diagnostics of the binding.
    /// - Throws: ``ConfigurationError`` for a missing folder or an unusable registry.
    public static func bind(notes: String, registry: ExampleRegistry) throws -> Binding {
        try bind(notes: notes, registry: registry, memo: nil)
    }

    /// ``bind(notes:registry:)``, the notes' parses remembered in `memo`.
    static func bind(notes: String, registry: ExampleRegistry, memo: ParseMemo?) throws -> Binding {
        let config = try NotesConfig.load(folder: notes)
        let (documents, problems) = try StageClock.time("parse") {  // parse
            try NotesFolder.load(notes, layout: SiteMap.init, config: config, memo: memo)
        }
        var binding = try StageClock.time("bind") { try Binder.bind(documents, to: registry, config: config) }  // bind
        binding.diagnostics = problems + binding.diagnostics
        binding.notesRoot = notes
        return binding
    }

    /// The binding limited to the selected blocks, for `notes list`.
    /// - Throws: ``ConfigurationError`` when a name selects no block.
    public static func bind(notes: String, registry: ExampleRegistry, selection: Selection) throws -> Binding {
        var binding = try bind(notes: notes, registry: registry)
        binding.blocks = try selected(binding, selection)
        return binding
    }

    /// Checks the selected blocks of the notes in `notes` against `registry`.
    public static func check(
        notes: String, registry: ExampleRegistry, runner: Runner, selection: Selection = .all,
        progress: ProgressStyle = .quiet
    ) throws -> CheckReport {
        let memo = parseMemo(notes: notes, cache: runner.cache)
        let all = try bind(notes: notes, registry: registry, memo: memo)  // parse, bind
        var binding = all
        binding.blocks = try selected(all, selection)
        let jobs = runner.jobs(for: binding.blocks, examples: selection.includes(example:))
        let outcomes = runner.run(jobs, progress: progress.reporter)  // run
        // `--example ID` checks those examples alone: a block's others were
        // not asked for, and are not reported as not run.
        for index in binding.blocks.indices {
            binding.blocks[index].examples.removeAll { !selection.includes(example: $0.id) }
        }
        var report = Checker.check(binding, outcomes: outcomes, originals: runner.originals)  // check
        forgetFailures(binding, report, runner: runner)
        report.recordOrigin(all, selection)
        return report
    }

    /// A run whose checks failed is not kept in the cache: the blocks that
    /// failed, timed out or crashed run afresh next time.
    static func forgetFailures(_ binding: Binding, _ report: CheckReport, runner: Runner) {
        let failed = zip(binding.blocks, report.blocks).filter { [.failed, .timeout, .crashed].contains($1.status) }
        runner.forget(runner.jobs(for: failed.map(\.0)))
    }

    /// Checks the notes, then renders the whole site and writes it to
    /// `output`. The selected blocks are run afresh; the rest come from the
    /// cache where they are in it, and run where they are not.
    ///
    /// The site is always written, failing blocks marked on their pages;
    /// the report says whether every block passed.
    /// - Returns: The report, and how many files the site has and how many
    ///   of them this build rendered.
    public static func build(
        notes: String, registry: ExampleRegistry, runner: Runner, output: SiteWriter,
        options: SiteOptions, selection: Selection = .all, progress: ProgressStyle = .quiet
    ) throws -> (report: CheckReport, written: SiteBuilder.WriteSummary) {
        try output.validate()
        let (binding, report) = try checked(
            notes: notes, registry: registry, runner: runner, selection: selection, progress: progress)
        let written = try SiteBuilder.write(  // render, write
            binding: consume binding, report: report, options: options,
            to: output.keepingManifest(in: runner.cache?.directory), jobs: runner.jobs,
            tool: rendererIdentity(cache: runner.cache))
        return (report, written)
    }

    /// ``build(notes:registry:runner:output:options:selection:progress:)``,
    /// told as `notes build` tells it. What the user is told is taken from
    /// the report before the site is rendered, and the report is then
    /// handed to the renderer, which gives it the site's paths in place: a
    /// course's report is not kept twice while its pages are made.
    static func buildResult(
        notes: String, registry: ExampleRegistry, runner: Runner, output: SiteWriter,
        options: SiteOptions, selection: Selection = .all, progress: ProgressStyle = .quiet
    ) throws -> BuildResult {
        try output.validate()
        let (binding, report) = try checked(
            notes: notes, registry: registry, runner: runner, selection: selection, progress: progress)
        var result = StageClock.time("result") { BuildResult(report, written: .init(files: 0, rendered: 0)) }
        result.written = try SiteBuilder.write(  // render, write
            binding: consume binding, report: consume report, options: options,
            to: output.keepingManifest(in: runner.cache?.directory), jobs: runner.jobs,
            tool: rendererIdentity(cache: runner.cache))
        return result
    }

    /// Parses and binds the notes, runs what the checks need (the
    /// selected blocks afresh, the rest from the cache where they are in
    /// it) and checks every block.
    private static func checked(
        notes: String, registry: ExampleRegistry, runner: Runner, selection: Selection, progress: ProgressStyle
    ) throws -> (Binding, CheckReport) {
        let memo = parseMemo(notes: notes, cache: runner.cache)
        let binding = try bind(notes: notes, registry: registry, memo: memo)  // parse, bind
        var jobs = runner.jobs(for: binding.blocks)
        if !selection.isAll {
            let fresh = Set(
                runner.jobs(for: try selected(binding, selection), examples: selection.includes(example:)).map(\.key))
            for index in jobs.indices where fresh.contains(jobs[index].key) { jobs[index].fresh = true }
        }
        let outcomes = StageClock.time("run") { runner.run(jobs, progress: progress.reporter) }  // run
        let report = StageClock.time("check") {
            Checker.check(binding, outcomes: outcomes, originals: runner.originals)
        }
        forgetFailures(binding, report, runner: runner)
        return (binding, report)
    }

    /// Where the parses of `notes` are remembered: in the run cache, under
    /// the digest of the running binary. None without a cache.
    static func parseMemo(notes: String, cache: RunCache?) -> ParseMemo? {
        cache.map { ParseMemo(cacheDirectory: $0.directory, notesFolder: notes, tool: rendererIdentity(cache: $0)) }
    }

    /// The digest of the running `notes` binary, remembered in the cache
    /// under its stamp: pages rendered by another build are never reused.
    /// When it cannot be read, a value no other build shares.
    static func rendererIdentity(cache: RunCache?) -> String {
        let path = SelfLauncher.currentExecutable()
        let compute = { () throws(LaunchError) -> String in
            guard let digest = Digest.sha256(fileAt: path) else { throw .unreadable(path) }
            return digest
        }
        guard let stamp = FileStamp(path: path) else { return UUID().uuidString }
        let digest = try? cache.map { cache throws(LaunchError) in
            try cache.remembered("sha256 \(path) \(stamp)", compute)
        }
        return digest ?? (try? compute()) ?? UUID().uuidString
    }

    /// The blocks `selection` names.
    /// - Throws: ``ConfigurationError`` when a name selects no block.
    private static func selected(_ binding: Binding, _ selection: Selection) throws -> [BoundBlock] {
        guard !selection.isAll else { return binding.blocks }
        if let missing = selection.unmatched(in: binding.blocks).first {
            throw ConfigurationError.selection(missing, reason: "selects no code block of the notes")
        }
        let blocks = binding.blocks.filter(selection.includes)
        return selection.shard.map { $0.blocks(of: blocks) } ?? blocks  // a shard may be empty
    }

    /// Runs one example live, passing its output to `onOutput` as it comes,
    /// then checks it against its expectations and claims.
    /// - Returns: The check of the example's block, limited to this example.
    /// - Throws: ``ConfigurationError`` when no example has this id.
    public static func runOne(
        _ id: String, arguments: [String] = [], notes: String, registry: ExampleRegistry, runner: Runner,
        onOutput: @escaping (_ isError: Bool, ArraySlice<UInt8>) -> Void
    ) throws -> BlockReport {
        guard let example = registry.example(id: id) else {
            throw ConfigurationError.unknownExample(id, known: registry.examples.map(\.id))
        }
        let binding = try bind(notes: notes, registry: registry)
        let outcome = runner.runLive(example, arguments: arguments) { stream, chunk in
            onOutput(stream == .stderr, chunk)
        }
        guard var block = binding.blocks.first(where: { $0.examples.contains { $0.id == id } }) else {
            // The example's block is not in these notes: judge it on its own.
            let location = Binder.declarationLocation(example.declaration)
            let (report, diagnostics) = ExampleJudge.judge(example, outcome, at: location)
            return BlockReport(standalone: report, at: location, diagnostics: diagnostics)
        }
        block.examples = [example]
        block.review = nil
        let document = binding.documents.first { $0.path == block.path }
        return Checker.checkBlock(
            block, outcomes: [.example(id): outcome], document: document, originals: runner.originals)
    }
}
