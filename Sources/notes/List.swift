import ArgumentParser
import NotesKit

extension Notes {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every code block: where it is, its language and size, and its example or 'unmapped'.")

        @OptionGroup var notes: NotesFolderOptions

        @Option(help: "text or json.")
        var format: ListFormat = .text

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() throws {
            let binding = try Pipeline.bind(notes: notes.folder, registry: Notes.registry)
            print(BlockList.render(binding, json: format == .json), terminator: "")
        }
    }
}
