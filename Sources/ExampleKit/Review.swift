/// What a reviewer of the notes found in one code block: how its code is
/// run as written, the probes that show what it does not print, what its
/// notes claim, and what they get wrong.
///
/// A block's code runs only when a review names the block and gives it an
/// ``Original``: building someone else's notes executes none of theirs.
public struct Review: Sendable {
    public var block: BlockLocator
    /// How the notes' code is run as written; nil never runs it.
    public var original: Original?
    public var probes: [Probe]
    public var claims: [Claim]
    public var errata: [Erratum]
    /// Where the review was registered.
    public var declaration: Example.Declaration

    public init(
        of block: BlockLocator,
        original: Original? = Original(),
        probes: [Probe] = [],
        claims: [Claim] = [],
        errata: [Erratum] = [],
        filePath: String = #filePath,
        line: Int = #line
    ) {
        self.block = block
        self.original = original
        self.probes = probes
        self.claims = claims
        self.errata = errata
        self.declaration = Example.Declaration(filePath: filePath, line: line)
    }
}

/// How the notes' code of a block runs: with `python3 -u`, in a fresh
/// working directory and, where the machine allows, a network of its own.
public struct Original: Sendable, Hashable {
    /// How long it may run. A block that never ends needs only a few
    /// seconds to show it.
    public var timeout: Duration
    /// A client for a block that serves, so that what happens on a
    /// connection is observed rather than assumed.
    public var driver: Driver?

    public init(timeout: Duration = .seconds(10), driver: Driver? = nil) {
        self.timeout = timeout
        self.driver = driver
    }
}

/// A client that drives a block which serves.
public enum Driver: Sendable, Hashable {
    /// Once the code listens on 127.0.0.1:`port`, connects, sends
    /// `message` and reads what comes back until the server closes the
    /// connection or a second passes.
    case tcpClient(port: UInt16, message: String)
}

/// The block's code with a few lines added, to show what the block as
/// written does not print: `print(var)` after the race, say.
///
/// The page shows the added lines as added, never as the notes' own.
public struct Probe: Sendable, Hashable {
    /// A short name, unique within the block.
    public var name: String
    /// Lines run before the block (setting a start method, scaling sleep).
    public var before: String
    /// Lines run after the block.
    public var after: String
    /// What the probe shows, in Chinese.
    public var purpose: String
    /// Overrides the original's timeout.
    public var timeout: Duration?

    public init(_ name: String, before: String = "", after: String = "", purpose: String, timeout: Duration? = nil) {
        self.name = name
        self.before = before
        self.after = after
        self.purpose = purpose
        self.timeout = timeout
    }
}

/// One thing the notes get wrong, or one place where a port departs from
/// them on purpose, with the run that shows it where a run can.
public struct Erratum: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The code stops with an error.
        case crash
        /// The code never ends.
        case neverEnds = "never-ends"
        /// The code prints nothing, though the notes show or discuss a result.
        case noOutput = "no-output"
        /// The notes state something the code does not do.
        case wrongClaim = "wrong-claim"
        /// A misspelt name.
        case typo
        /// Prose (or a comment) that explains the idea wrongly or confusingly.
        case misleadingProse = "misleading-prose"
        /// Where a port does something else than the notes' code, on purpose.
        case deviation
    }

    /// How the erratum is checked.
    public enum Check: Sendable, Hashable {
        /// A run shows it: the erratum holds while the run shows the observation.
        case run(RunSource, Observation)
        /// No run can show it reliably; the text says why (and, for
        /// something that happens only sometimes, how often it was seen).
        case notCheckable(String)
    }

    public var kind: Kind
    /// The notes' words or code it is about, as they read; the checker
    /// finds its line by them. Quote enough to find it, and no more, so
    /// that a fix to the notes still finds the line.
    public var quote: String
    /// The erratum, in Chinese.
    public var zh: String
    /// The same in English, optional.
    public var en: String?
    public var check: Check

    public init(_ kind: Kind, at quote: String, zh: String, en: String? = nil, check: Check) {
        self.kind = kind
        self.quote = quote
        self.zh = zh
        self.en = en
        self.check = check
    }
}
