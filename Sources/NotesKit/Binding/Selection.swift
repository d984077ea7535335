public import ExampleKit
public import Foundation

/// The blocks a command works on: every block, or those named on the
/// command line by note, folder or `note:line`, and perhaps one example.
public struct Selection: Sendable {
    /// A note or folder, as a standardized absolute path, and perhaps a line in it.
    struct Place: Sendable, Hashable {
        var path: String
        var line: Int?
    }

    var places: [Place]
    /// Examples by id; empty means every example of a selected block.
    var examples: Set<String>
    /// The part of the blocks the places and examples select that this
    /// command works on (`--shard i/n`); nil for all of them.
    var shard: Shard? = nil

    /// Every block, every example.
    public static let all = Selection(places: [], examples: [])

    init(places: [Place], examples: Set<String>, shard: Shard? = nil) {
        self.places = places
        self.examples = examples
        self.shard = shard
    }

    /// - Parameters:
    ///   - arguments: Notes or folders (`notes/03-x.md`, `notes`), a line in
    ///     a note (`notes/03-x.md:12`, any line of the block), or the id of
    ///     an example in `registry` when no such path exists.
    ///   - examples: Example ids (`--example ID`).
    ///   - shard: Only this shard of the blocks the rest selects (`--shard i/n`).
    /// - Throws: ``ConfigurationError`` for a name that is neither.
    public init(
        _ arguments: [String], examples: [String] = [], registry: ExampleRegistry? = nil, shard: Shard? = nil
    ) throws {
        var places: [Place] = []
        var ids = examples
        for argument in arguments {
            if !FileManager.default.fileExists(atPath: argument), registry?.example(id: argument) != nil {
                ids.append(argument)
                continue
            }
            var path = argument
            var line: Int?
            if let colon = argument.lastIndex(of: ":"), let number = Int(argument[argument.index(after: colon)...]) {
                path = String(argument[..<colon])
                line = number
            }
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigurationError.selection(argument, reason: "no such note, folder or example")
            }
            places.append(Place(path: Self.absolute(path), line: line))
        }
        self.init(places: places, examples: Set(ids), shard: shard)
    }

    /// Whether the command works on every block.
    public var isAll: Bool { places.isEmpty && examples.isEmpty && shard == nil }

    /// Whether `block` is selected by its places and examples (a shard is
    /// taken from the blocks they select, see ``Shard/blocks(of:)``).
    func includes(_ block: BoundBlock) -> Bool {
        if !examples.isEmpty, !block.examples.contains(where: { examples.contains($0.id) }) { return false }
        guard !places.isEmpty else { return true }
        let file = Self.absolute(block.path)
        return places.contains { place in
            guard file == place.path || file.hasPrefix(place.path + "/") else { return false }
            guard let line = place.line else { return true }
            return file == place.path && (block.block.line...max(block.block.line, block.block.endLine)).contains(line)
        }
    }

    /// Whether the example `id` of a selected block runs.
    func includes(example id: String) -> Bool {
        examples.isEmpty || examples.contains(id)
    }

    /// Names in `arguments` that select no block of `blocks`, for an error.
    func unmatched(in blocks: [BoundBlock]) -> [String] {
        var missing: [String] = []
        for place in places {
            let one = Selection(places: [place], examples: [])
            if !blocks.contains(where: one.includes) {
                missing.append(place.line.map { "\(place.path):\($0)" } ?? place.path)
            }
        }
        let ids = Set(blocks.flatMap { $0.examples.map(\.id) })
        missing += examples.subtracting(ids).sorted().map { "example '\($0)'" }
        return missing
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
