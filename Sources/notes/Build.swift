import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        @Option(help: "The site's title.")
        var title = "课程笔记 · Swift 验证"

        @Flag(name: .shortAndLong, help: "Print no progress.")
        var quiet = false

        func run() throws {
            Interruption.terminateChildrenOnSignal()
            let output = SiteWriter(folder: out)
            try output.validate()  // before anything runs
            let progress: ProgressStyle = quiet ? .quiet : .forStandardError
            let options = SiteOptions(
                title: title, toolchain: BuildEnvironment.toolchain(cacheDirectory: runOptions.cacheDir),
                buildDate: BuildEnvironment.sourceDate())
            let (report, written) = try Pipeline.build(
                notes: notes.folder, registry: Notes.registry, runner: runOptions.runner,
                output: output, options: options, selection: try selection.selection(), progress: progress)
            let problems = report.allDiagnostics.filter { $0.severity != .note }
            if !problems.isEmpty { print(problems.map(\.description).joined(separator: "\n") + "\n") }
            let unchanged = written.files - written.rendered
            print(
                "wrote \(written.files) files to \(out)/ (\(written.rendered) rendered, \(unchanged) unchanged;"
                    + " open \(out)/index.html)")
            print(report.closingLine)
            throw ExitCode(report.exitCode)
        }
    }
}
