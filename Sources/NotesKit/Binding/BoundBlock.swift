import ExampleKit
import Foundation

/// A code block of the notes together with everything registered for it.
struct BoundBlock: Sendable {
    /// The note file's path, as shown in diagnostics.
    var path: String
    var block: CodeBlock
    /// The top-level heading the block sits under, if any.
    var chapter: Heading?
    /// The nearest heading above the block, if any.
    var section: Heading?
    /// The block's 1-based position among the code blocks under ``section``.
    var indexInSection: Int
    /// The block's 1-based position among all code blocks of the notes.
    var ordinal: Int
    /// The fingerprint of the block as it is now.
    var fingerprint: String
    /// Examples that implement this block, in registry order.
    var examples: [Example]
    /// Set when the block deliberately has no example.
    var waiver: Waiver?
    /// What a reviewer found in the block, if one was registered.
    var review: Review? = nil

    /// Unique within the notes: the file and the block's position.
    var key: String { "\(path)#\(ordinal)" }

    var location: SourceLocation { SourceLocation(path: path, line: block.line) }

    /// Examples written against an earlier version of the block.
    var staleExamples: [Example] {
        examples.filter { $0.fingerprint != fingerprint }
    }

    /// How the block stands before anything runs.
    var state: BindingState {
        if !staleExamples.isEmpty { return .stale }
        if !examples.isEmpty { return .mapped }
        return waiver == nil ? .unmapped : .waived
    }

    /// A locator that would find this block.
    var locator: BlockLocator {
        BlockLocator(heading: section?.text ?? "", index: indexInSection)
    }
}

/// Whether a block has what it needs to be checked; `notes list` shows it.
enum BindingState: String, Sendable, Encodable {
    /// Examples implement it, reviewed against its current text.
    case mapped
    /// An example was reviewed against an earlier text of the block.
    case stale
    /// Nothing implements it.
    case unmapped
    /// It needs no example, for a stated reason.
    case waived
}

/// The notes' code blocks bound to the registry, and what did not bind.
///
/// Opaque outside NotesKit: the command line only passes it on.
public struct Binding: Sendable {
    /// Whether a note could not be read or bound: `notes list` then exits 1.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The problems found, as `file:line:col: severity: message` lines.
    public var problems: [String] { diagnostics.map(\.description) }

    var documents: [Document]
    var blocks: [BoundBlock]
    var diagnostics: [Diagnostic]
    /// Where each block's text as last reviewed is kept (see
    /// ``ExampleRegistry/reviewedBlocks``).
    var reviewedBlocks: String? = nil
    /// Where `notes new` registers a port (see ``ExampleRegistry/additions``).
    var additions: String? = nil
    /// The notes' `notes.toml`.
    var config = NotesConfig()
    /// The notes folder as the user named it: the site shows paths relative to it.
    var notesRoot: String? = nil

    /// The text of a block as it read when examples with `fingerprint`
    /// were last reviewed, if it was kept.
    func reviewedText(_ fingerprint: String) -> String? {
        guard let reviewedBlocks,
            let data = FileManager.default.contents(atPath: "\(reviewedBlocks)/\(fingerprint).txt")
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
