import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Work with the JSON reports of `notes check --format json`.",
            subcommands: [Merge.self])
    }
}

extension Notes.Report {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge the JSON reports of a check's shards (`notes check --shard i/n`) into one report.",
            discussion: """
                The merged report is the report one check of every block would have given, in any format. \
                Exits 0 when every block is verified, 1 otherwise, 2 when a file is not such a report, or does \
                not fit with the others: a block in two files, a shard missing or given twice, shards of other \
                notes, of another registry or toolchain.
                """)

        @Argument(help: ArgumentHelp("The JSON reports, one per shard.", valueName: "file"))
        var files: [String] = []

        @Option(help: "text, json, junit or github.")
        var format: ReportFormat = .text

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give the JSON reports to merge") }
        }

        func run() throws {
            let report = try ReportMerge.merge(files: files)
            print(format.render(report), terminator: "")
            throw ExitCode(report.exitCode)
        }
    }
}
