import ExampleKit

/// A code block of the notes together with everything registered for it.
public struct BoundBlock: Sendable {
    /// The note file's path, as shown in diagnostics.
    public var path: String
    public var block: CodeBlock
    /// The top-level heading the block sits under, if any.
    public var chapter: Heading?
    /// The nearest heading above the block, if any.
    public var section: Heading?
    /// The block's 1-based position among the code blocks under ``section``.
    public var indexInSection: Int
    /// The block's 1-based position among all code blocks of the notes.
    public var ordinal: Int
    /// The fingerprint of the block as it is now.
    public var fingerprint: String
    /// Examples that implement this block, in registry order.
    public var examples: [Example]
    /// Set when the block deliberately has no example.
    public var waiver: Waiver?

    public var location: SourceLocation { SourceLocation(path: path, line: block.line) }

    /// Examples written against an earlier version of the block.
    public var staleExamples: [Example] {
        examples.filter { $0.fingerprint != fingerprint }
    }

    /// A locator that would find this block.
    public var locator: BlockLocator {
        BlockLocator(heading: section?.text ?? "", index: indexInSection)
    }
}

/// The notes' code blocks bound to the registry, and what did not bind.
public struct Binding: Sendable {
    public var documents: [Document]
    public var blocks: [BoundBlock]
    public var diagnostics: [Diagnostic]
}
