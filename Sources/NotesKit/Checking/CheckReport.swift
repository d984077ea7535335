/// Where a block or an example stands after a check.
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ran, and every expectation and claim held.
    case passed
    /// Ran, but an expectation or claim failed, it exited non-zero, left
    /// processes behind, or could not be started.
    case failed
    /// Ran out of time; its process group was killed.
    case timeout
    /// Ended by a signal.
    case crashed
    /// The block changed since its port was reviewed.
    case stale
    /// No example implements the block.
    case unmapped
    /// The block needs no example, for a stated reason.
    case waived

    /// Whether a block in this state lets the check succeed.
    public var isSuccess: Bool { self == .passed || self == .waived }
}

/// The verdict on one claim the notes make.
public struct ClaimResult: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case holds, doesNotHold = "does-not-hold", dependsOnTiming = "depends-on-timing"
    }

    public var quote: String
    /// What the port's author found.
    public var verdict: Verdict
    /// Why the claim does not hold, or why it varies.
    public var why: String?
    /// Whether the quote was found in the block or its section.
    public var quoteFound: Bool
    /// Whether the output supported the claim.
    public var supported: Bool
    /// Whether what the output showed agrees with the author's verdict.
    public var passed: Bool
}

/// The check of one example.
public struct ExampleReport: Sendable, Hashable, Codable {
    public var id: String
    public var kind: String
    /// The port's source file, relative to the working directory when possible.
    public var source: String
    public var stale: Bool
    public var status: CheckStatus
    /// One line on why it did not pass.
    public var reason: String?
    public var run: RunResult?
    public var launchError: String?
    public var expectations: [ExpectationResult]
    public var claims: [ClaimResult]
    /// What went wrong beyond the expectations and claims: a timeout, a
    /// crash, a non-zero exit, processes left behind, a failed start.
    public var problems: [Problem] = []

    public struct Problem: Sendable, Hashable, Codable {
        public var reason: String
        public var details: [String]
    }
}

/// The check of one code block of the notes.
public struct BlockReport: Sendable, Hashable, Codable {
    public var path: String
    public var line: Int
    public var endLine: Int
    public var language: String
    public var lineCount: Int
    /// 1-based position among all blocks of the notes.
    public var ordinal: Int
    public var section: String?
    public var anchor: String?
    public var fingerprint: String
    public var examples: [ExampleReport]
    public var waiver: String?
    public var status: CheckStatus
    public var reason: String?
    /// Wall time of the block's runs, in seconds (cached runs count their
    /// original time).
    public var seconds: Double
    public var diagnostics: [Diagnostic]

    public var location: SourceLocation { SourceLocation(path: path, line: line) }
}

/// Everything a check found.
public struct CheckReport: Sendable, Hashable, Codable {
    public var blocks: [BlockReport]
    /// Problems not tied to one block: unreadable files, stray examples.
    public var diagnostics: [Diagnostic]

    public var passed: Int { blocks.count { $0.status == .passed } }
    public var waived: Int { blocks.count { $0.status == .waived } }
    public var failed: Int { blocks.count { !$0.status.isSuccess } }
    /// Errors outside any block, such as a file that is not UTF-8.
    public var otherErrors: Int { diagnostics.count { $0.severity == .error } }

    /// Every diagnostic, file-level ones first, then block by block.
    public var allDiagnostics: [Diagnostic] { diagnostics + blocks.flatMap(\.diagnostics) }

    /// 0 when every block is verified (or waived) and nothing else is wrong, else 1.
    public var exitCode: Int32 { failed == 0 && otherErrors == 0 ? 0 : 1 }

    /// `N passed, N failed`, the closing line of every text report.
    public var closingLine: String {
        var line = "\(passed) passed, \(failed) failed"
        if waived > 0 { line += ", \(waived) waived" }
        if otherErrors > 0 { line += ", \(otherErrors) other error\(otherErrors == 1 ? "" : "s")" }
        return line
    }
}
