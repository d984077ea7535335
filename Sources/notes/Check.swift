import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Run every block's example in its own process and check its output.",
            discussion: "Exits 0 when every block is verified, 1 otherwise, 2 on a usage or configuration error.")

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var shard: ShardOptions
        @OptionGroup var runOptions: RunnerOptions

        @Option(help: "text, json, junit or github.")
        var format: ReportFormat = .text

        @Flag(
            help: """
                After reviewing the ports against their changed blocks, accept the blocks' new text: shows what \
                changed, runs the affected blocks, and rewrites the stale fingerprints in the registry if they \
                pass. Limited to the examples or notes named.
                """)
        var updateFingerprints = false

        @Flag(help: "With --update-fingerprints: show what would change; run and write nothing.")
        var dryRun = false

        @Flag(name: .shortAndLong, help: "Print no progress.")
        var quiet = false

        func validate() throws {
            if updateFingerprints, shard.text != nil {
                throw ValidationError("--shard cannot be combined with --update-fingerprints")
            }
        }

        func run() throws {
            if updateFingerprints {
                Interruption.terminateChildrenOnSignal()
                let outcome = try FingerprintUpdater.update(
                    notes: notes.folder, registry: Notes.registry, runner: try runOptions.runner,
                    selection: try selection.selection(), dryRun: dryRun)
                print(TerminalText.safe(outcome.lines.joined(separator: "\n")))
                throw ExitCode(outcome.accepted ? 0 : 1)
            }
            Interruption.terminateChildrenOnSignal()
            let progress: ProgressStyle = quiet ? .quiet : .forStandardError
            var report = try Pipeline.check(
                notes: notes.folder, registry: Notes.registry,
                runner: try runOptions.runner, selection: try selection.selection(shard: try shard.shard),
                progress: progress)
            if format == .json {
                // For `notes build --results`, which shows it and runs nothing.
                report.toolchain = BuildEnvironment.toolchain(cacheDirectory: runOptions.cacheDir)
            }
            print(format.render(report), terminator: "")
            throw ExitCode(report.exitCode)
        }
    }
}
