/// A problem with how the tool was invoked or configured, rather than with
/// the notes: a missing folder, a duplicate example id, a bad pattern, an
/// output folder it must not replace. The command exits with status 2.
///
/// Problems in the notes themselves are ``Diagnostic`` values, not errors.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The notes folder does not exist.
    case notesFolderMissing(String)
    /// The notes folder is a file.
    case notesFolderIsAFile(String)
    /// The notes folder holds no Markdown file.
    case notesFolderEmpty(String)
    /// Two examples share an id, or one has none.
    case duplicateExampleID(String, at: SourceLocation)
    /// An expectation's regular expression does not compile.
    case invalidPattern(example: String, pattern: String, reason: String, at: SourceLocation)
    /// An example that is not a compile-failure lesson has no `main`.
    case noCodeToRun(example: String, at: SourceLocation)
    /// A review names a probe or an example that does not exist, or has a bad pattern.
    case invalidReview(reason: String, at: SourceLocation)
    /// A note, folder, line or example named on the command line that selects nothing.
    case selection(String, reason: String)
    /// `notes run ID` names no example.
    case unknownExample(String, known: [String])
    /// A registry file cannot be read or rewritten.
    case registryFile(path: String, reason: String)
    /// The site folder cannot be used.
    case outputFolder(path: String, reason: String)
    /// `--shard` is not `i/n` with 1 ≤ i ≤ n.
    case shard(String, reason: String)
    /// A JSON report given to `notes report merge` or `notes build --results`
    /// cannot be read, is not one, or does not fit with the others or the notes.
    case results(path: String, reason: String)
    /// `notes.toml` beside the notes does not parse, or holds a key of the
    /// wrong type, an unknown key, or a chapter that is not a note.
    case notesConfig(path: String, line: Int?, reason: String)
    /// `--cache-dir` names a folder that `notes` must not write into.
    case cacheFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case .notesFolderMissing(let path):
            "notes folder '\(path)' does not exist"
        case .notesFolderIsAFile(let path):
            "'\(path)' is a file; --notes takes the folder that holds the notes"
        case .notesFolderEmpty(let path):
            "notes folder '\(path)' holds no Markdown (.md) file"
        case .duplicateExampleID(let id, let place):
            "\(place): duplicate or empty example id '\(id)'"
        case .invalidPattern(let id, let pattern, let reason, let place):
            "\(place): example '\(id)' has an invalid pattern /\(pattern)/: \(reason)"
        case .noCodeToRun(let id, let place):
            "\(place): example '\(id)' has no code to run"
        case .invalidReview(let reason, let place):
            "\(place): a review \(reason)"
        case .selection(let what, let reason):
            "\(what): \(reason)"
        case .unknownExample(let id, let known):
            "no example with id '\(id)'; known ids: \(known.joined(separator: ", "))"
        case .registryFile(let path, let reason):
            "\(path): \(reason)"
        case .outputFolder(let path, let reason):
            "\(path): \(reason)"
        case .shard(let text, let reason):
            "--shard \(text): \(reason)"
        case .results(let path, let reason):
            "\(path): \(reason)"
        case .notesConfig(let path, let line, let reason):
            "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .cacheFolder(let path, let reason):
            "--cache-dir \(path): \(reason)"
        }
    }
}
