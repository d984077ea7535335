import ArgumentParser
import Foundation
import NotesKit

extension Notes {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every code block: where it is, its language and size, and its example or 'unmapped'.",
            discussion: "Exits 1 when a note cannot be read (not UTF-8, say), 2 on a usage error.")

        @OptionGroup var notes: NotesFolderOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var shard: ShardOptions

        @Option(help: "text or json.")
        var format: ListFormat = .text

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() throws {
            let binding = try Pipeline.bind(
                notes: notes.folder, registry: Notes.registry,
                selection: try selection.selection(shard: try shard.shard))
            print(BlockList.render(binding, json: format == .json), terminator: "")
            if format == .json, !binding.problems.isEmpty {
                // The text form lists them after the blocks; JSON keeps stdout for the data.
                let problems = TerminalText.safe(binding.problems.joined(separator: "\n"))
                FileHandle.standardError.write(Data((problems + "\n").utf8))
            }
            throw ExitCode(binding.hasErrors ? 1 : 0)
        }
    }
}
