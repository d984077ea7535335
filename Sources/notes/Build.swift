import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract:
                "Check every block, then write a static site that pairs the notes with their verified Swift ports.",
            discussion: """
                The site is always written; failed, stale and unmapped blocks are marked on its pages, \
                and the command then exits 1. It opens from file:// with no network. Given notes, folders or \
                lines, it runs their blocks afresh and takes the rest from the cache.
                """)

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var runOptions: RunnerOptions

        @Option(help: ArgumentHelp("Where the site is written.", valueName: "dir"))
        var out = "site"

        @Option(help: "The site's title (default: the title in the notes' notes.toml, else 课程笔记).")
        var title: String?

        @Flag(name: .shortAndLong, help: "Print no progress.")
        var quiet = false

        @Option(
            name: .customLong("results"),
            help: ArgumentHelp(
                "Run nothing: build from this JSON report of `notes check --format json` (repeat it, one per shard, "
                    + "or give the merged one).",
                valueName: "file"))
        var results: [String] = []

        func validate() throws {
            if !results.isEmpty, !selection.places.isEmpty || !selection.examples.isEmpty {
                throw ValidationError(
                    "--results builds from the results given and runs nothing: it takes no notes, lines or --example")
            }
        }

        func run() throws {
            Interruption.terminateChildrenOnSignal()
            let output = SiteWriter(folder: out)
            try output.validate()  // before anything runs
            if !results.isEmpty { return try finish(try buildFromResults(output)) }
            let progress: ProgressStyle = quiet ? .quiet : .forStandardError
            let runner = try runOptions.runner  // claims the cache folder before anything is written to it
            let options = try siteOptions(toolchain: BuildEnvironment.toolchain(cacheDirectory: runOptions.cacheDir))
            try finish(
                try Pipeline.buildUnlessUnchanged(
                    notes: notes.folder, registry: Notes.registry, runner: runner,
                    output: output, options: options, selection: try selection.selection(), progress: progress))
        }

        /// The title (`--title`, else the notes' `notes.toml`, else the
        /// default) and the description (`notes.toml`).
        private func siteOptions(toolchain: String) throws -> SiteOptions {
            let config = try NotesConfig.load(folder: notes.folder)
            return SiteOptions(
                title: title ?? config.title ?? SiteOptions.defaultTitle, toolchain: toolchain,
                buildDate: BuildEnvironment.sourceDate(), description: config.description)
        }

        /// Prints what was built and exits as the check would.
        private func finish(_ built: BuildResult) throws {
            if !built.problems.isEmpty { print(TerminalText.safe(built.problems.joined(separator: "\n")) + "\n") }
            let (files, rendered) = (built.written.files, built.written.rendered)
            print(
                TerminalText.safe(
                    "wrote \(files) files to \(out)/ (\(rendered) rendered, \(files - rendered) unchanged; open \(out)/index.html)"
                ))
            print(built.closingLine)
            throw ExitCode(built.exitCode)
        }

        /// The site of the results given, which shows the toolchain they were checked with.
        private func buildFromResults(_ output: SiteWriter) throws -> BuildResult {
            let merged = try ReportMerge.merge(files: results)
            let options = try siteOptions(toolchain: merged.toolchain ?? "unknown")
            let (report, written) = try Pipeline.build(
                notes: notes.folder, registry: Notes.registry, results: merged, output: output, options: options,
                jobs: runOptions.jobs)
            return BuildResult(report, written: written)
        }
    }
}
