import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one example in its own process, streaming its output, then check it.",
            discussion:
                "Arguments after `--` go to the example: `notes run threadpool-echo-server -- --port 8989` binds the notes' own port."
        )

        @Argument(help: "The example's id (see `notes list`).")
        var id: String

        @Argument(parsing: .postTerminator, help: "Arguments for the example.")
        var exampleArguments: [String] = []

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var runOptions: RunnerOptions

        func run() throws {
            Interruption.terminateChildrenOnSignal()
            let report = try Pipeline.runOne(
                id, arguments: exampleArguments, notes: notes.folder, registry: Notes.registry,
                runner: try runOptions.runner
            ) { isError, chunk in
                (isError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(chunk))
            }
            var lines = ["", "── \(id): \(report.status.rawValue)"]
            lines += report.diagnostics.map(\.description)
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(report.status.isSuccess ? 0 : 1)
        }
    }
}
