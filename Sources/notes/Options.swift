public import ArgumentParser
import Foundation
import NotesKit

/// `--notes DIR`, shared by every subcommand.
struct NotesFolderOptions: ParsableArguments {
    @Option(name: .customLong("notes"), help: ArgumentHelp("The folder of Markdown notes.", valueName: "dir"))
    var folder = "notes"
}

/// The blocks a command works on, shared by `list`, `check` and `build`.
struct SelectionOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Notes, folders, or lines of notes (note.md:12) to work on; all blocks when none is given.",
            valueName: "path"))
    var places: [String] = []

    @Option(name: .customLong("example"), help: ArgumentHelp("Only this example (repeatable).", valueName: "id"))
    var examples: [String] = []

    func selection(shard: Shard? = nil) throws -> Selection {
        try Selection(places, examples: examples, registry: Notes.registry, shard: shard)
    }
}

/// `--shard i/n`, for `check` and `list`: one of n parts of the blocks, for a CI matrix.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .customLong("shard"),
        help: ArgumentHelp(
            "Only the i-th of n parts of the blocks (1 ≤ i ≤ n), dealt out whole and in turn, for one job of a CI "
                + "matrix; `notes report merge` joins the parts' JSON reports.",
            valueName: "i/n"))
    var text: String?

    func validate() throws {
        if let text { _ = try parse(text) }
    }

    /// The shard named, or nil.
    var shard: Shard? {
        get throws { try text.map(parse) }
    }

    private func parse(_ text: String) throws -> Shard {
        do { return try Shard(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}

/// How examples are run, shared by `check` and `run`.
struct RunnerOptions: ParsableArguments {
    @Option(
        name: .customLong("jobs"),
        help: ArgumentHelp("How many runs go at once (default: the number of cores).", valueName: "n"))
    var requestedJobs: Int?

    /// `--jobs`, or the number of cores.
    var jobs: Int { requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(
        help: ArgumentHelp(
            "Seconds each example may run, overriding the examples' own timeouts (default: 10, or the example's own).",
            valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Bytes kept of each of stdout and stderr per run.", valueName: "bytes"))
    var outputCap = RunLimits.defaultOutputCap

    @Flag(name: .customLong("no-cache"), help: "Run every example, ignoring cached results.")
    var noCache = false

    @Flag(name: .customLong("no-python"), help: "Do not run the notes' own Python; pages say that it was not run.")
    var noPython = false

    @Option(help: ArgumentHelp("Where results are cached.", valueName: "dir"))
    var cacheDir = ".notes-cache"

    @Option(
        help: ArgumentHelp(
            "Run the examples from this binary (one that answers `__example ID`, such as notes-examples) instead of notes itself.",
            valueName: "path", visibility: .hidden))
    var examplesBinary: String?

    @Option(
        help: ArgumentHelp(
            "Reuse the cached results of this earlier examples binary (its SHA-256) for every example not run afresh; `notes serve` passes it after a port changed.",
            valueName: "sha256", visibility: .hidden))
    var carryOverBinary: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        // A millisecond is the runner's unit: less would become no time at all.
        if let timeout, !(timeout >= 0.001 && timeout <= 86_400) {
            throw ValidationError("--timeout must be from 0.001 to 86400 seconds")
        }
        guard outputCap >= 1 else { throw ValidationError("--output-cap must be at least 1") }
    }

    /// The runner these options ask for, its cache folder claimed (a
    /// folder of the user's is refused, never written into).
    var runner: Runner {
        get throws {
            try RunCache.claim(cacheDir)
            return uncheckedRunner
        }
    }

    private var uncheckedRunner: Runner {
        var runner = Runner(
            launcher: examplesBinary.map { SelfLauncher(executablePath: $0) } ?? SelfLauncher(), jobs: jobs,
            limits: RunLimits(outputCap: outputCap),
            timeoutOverride: timeout.map { .milliseconds(Int64($0 * 1000)) },
            cache: noCache ? nil : RunCache(directory: cacheDir), python: !noPython, historyDirectory: cacheDir)
        runner.carryOverBinary = carryOverBinary
        return runner
    }
}

extension ReportFormat: ExpressibleByArgument {}
