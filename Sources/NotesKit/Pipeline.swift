public import ExampleKit

/// The whole pipeline, stage by stage: parse → bind → run → check → render → write.
public enum Pipeline {
    /// Parses the notes in `notes` and binds their blocks to `registry`.
    /// Unreadable files become diagnostics of the binding.
    /// - Throws: ``ConfigurationError`` for a missing folder or an unusable registry.
    public static func bind(notes: String, registry: ExampleRegistry) throws -> Binding {
        let (documents, problems) = try NotesFolder.load(notes)  // parse
        var binding = try Binder.bind(documents, to: registry)  // bind
        binding.diagnostics = problems + binding.diagnostics
        return binding
    }

    /// Checks every block of the notes in `notes` against `registry`.
    public static func check(
        notes: String, registry: ExampleRegistry, runner: Runner, progress: ProgressStyle = .quiet
    ) throws -> CheckReport {
        try verify(notes: notes, registry: registry, runner: runner, progress: progress.reporter).report
    }

    /// Checks the notes, then renders the site and writes it to `output`.
    ///
    /// The site is always written, failing blocks marked on their pages;
    /// the report says whether every block passed.
    /// - Returns: The report and the number of files written.
    public static func build(
        notes: String, registry: ExampleRegistry, runner: Runner, output: SiteWriter,
        options: SiteOptions, progress: ProgressStyle = .quiet
    ) throws -> (report: CheckReport, files: Int) {
        try output.validate()
        let (binding, report) = try verify(
            notes: notes, registry: registry, runner: runner, progress: progress.reporter)
        let files = SiteBuilder.files(binding: binding, report: report, options: options)  // render
        try output.write(files)  // write
        return (report, files.count)
    }

    /// Parse, bind, run and check: what `check` and `build` share.
    private static func verify(
        notes: String, registry: ExampleRegistry, runner: Runner, progress: (any RunProgress)?
    ) throws -> (binding: Binding, report: CheckReport) {
        let binding = try bind(notes: notes, registry: registry)  // parse, bind
        let outcomes = runner.run(runner.jobs(for: binding.blocks), progress: progress)  // run
        return (binding, Checker.check(binding, outcomes: outcomes, originals: runner.originals))  // check
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
