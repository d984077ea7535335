import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every block's example in its own process and check its output.",
            discussion: "Exits 0 when every block is verified, 1 otherwise, 2 on a usage or configuration error.")

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var runOptions: RunnerOptions

        @Option(help: "text, json, junit or github.")
        var format: ReportFormat = .text

        @Flag(
            help:
                "Accept the current text of changed blocks: rewrite the stale examples' fingerprints in their registry, after you have reviewed the ports. Runs nothing."
        )
        var updateFingerprints = false

        @Flag(name: .shortAndLong, help: "Print no progress.")
        var quiet = false

        func run() throws {
            if updateFingerprints {
                let binding = try Pipeline.bind(notes: notes.folder, registry: Notes.registry)
                let changes = try FingerprintUpdater.update(binding)
                print(
                    changes.isEmpty
                        ? "no stale fingerprints"
                        : changes.joined(separator: "\n") + "\nrebuild for the new fingerprints to take effect")
                return
            }
            Interruption.terminateChildrenOnSignal()
            let progress: ProgressStyle = quiet ? .quiet : .forStandardError
            let report = try Pipeline.check(
                notes: notes.folder, registry: Notes.registry,
                runner: runOptions.runner, selection: try selection.selection(), progress: progress)
            print(format.render(report), terminator: "")
            throw ExitCode(report.exitCode)
        }
    }
}
