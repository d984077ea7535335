import ExampleKit
import Foundation

/// A code block of the notes together with everything registered for it.
struct BoundBlock: Sendable {
    /// The note file's path, as shown in diagnostics.
    var path: String
    /// The note's path inside the notes folder: what a locator names.
    var notePath: String = ""
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
    /// Whether the notes' own code of the block may run. Only the binder
    /// (and an author's `--update-fingerprints`) clears a block.
    var clearance: Clearance = .notAsked

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
        BlockLocator(note: notePath, heading: section?.text ?? "", index: indexInSection)
    }
}

/// Whether the notes' own code of a block may run, and if not, why not.
///
/// Code from the notes runs only where a review asks for it, in the note
/// the registry names, and only while the block reads as it read when its
/// ports were reviewed: same fingerprint, and the same text as the one
/// kept in the registry's `Reviewed/` folder (a fingerprint is 48 bits, so
/// the text itself is compared). Anything else is someone's unreviewed
/// code, and is not run.
enum Clearance: Sendable, Hashable {
    /// The review's runs may go ahead.
    case cleared
    /// No review asks for the block's code to run.
    case notAsked
    /// No example records the block's fingerprint, so nothing says which
    /// text was reviewed.
    case noFingerprint
    /// The block changed since these examples were reviewed.
    case stale(examples: [String])
    /// The text example `example` was reviewed against is not kept.
    case textNotKept(example: String)
    /// The kept text is not the block's, though the fingerprints agree.
    case textDiffers(example: String)

    /// Why the code is not run, in Chinese, with what the author can do; nil when cleared.
    var reasonZH: String? {
        switch self {
        case .cleared: nil
        case .notAsked: "这个代码块的复查没有要求运行它"
        case .noFingerprint: "没有示例记下这个代码块的指纹，无从知道复查的是哪段文本，所以不运行它"
        case .stale(let examples):
            "这个代码块在复查之后改过：改过的代码没有人审过，所以不运行它。作者审过新代码后，"
                + "运行 `notes check --update-fingerprints \(examples.joined(separator: " ")) --dry-run` "
                + "看它改过之后的表现，再去掉 --dry-run 接受它"
        case .textNotKept(let example):
            "复查时的原文没有保存在登记表的 Reviewed/ 文件夹里，无法确认现在的文本就是复查过的文本，所以不运行它；"
                + "作者审过之后运行 `notes check --update-fingerprints \(example)` 保存它"
        case .textDiffers(let example):
            "现在的文本和 Reviewed/ 里保存的复查原文不同（指纹相同），所以不运行它；"
                + "作者审过之后运行 `notes check --update-fingerprints \(example)`"
        }
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
