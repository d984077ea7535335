import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Register a port for a block nobody ports yet, or propose what a new port must print.",
            discussion: """
                `notes new notes/03-x.md:12` (any line of the block, or its number in `notes list`) writes the \
                port's file and registers it with its block's locator and fingerprint. Write the port, \
                `swift build`, then `notes new --record ID`: it runs the port and the block's Python twice each, \
                and writes into the registration what the port must print.
                """)

        @Argument(
            help: ArgumentHelp(
                "The block (FILE:LINE or its number), or with --record the example's id.", valueName: "block"))
        var target: String

        @Option(
            help: ArgumentHelp(
                "The new example's id (default: the note's name and the block's number).", valueName: "id"))
        var id: String?

        @Flag(help: "Run the example named and write its expectation into its registration.")
        var record = false

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var runOptions: RunnerOptions

        func run() throws {
            let lines: [String]
            if record {
                Interruption.terminateChildrenOnSignal()
                lines = try NewPort.record(
                    target, notes: notes.folder, registry: Notes.registry, runner: try runOptions.runner)
            } else {
                lines = try NewPort.create(block: target, notes: notes.folder, registry: Notes.registry, id: id)
            }
            print(TerminalText.safe(lines.joined(separator: "\n")))
        }
    }
}
