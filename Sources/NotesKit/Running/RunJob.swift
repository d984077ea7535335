import ExampleKit
import Foundation

/// One process the runner starts: a Swift example, or a block's Python as
/// written or probed.
struct RunJob: Sendable {
    /// What the run is of; outcomes are looked up by it.
    enum Key: Hashable, Sendable {
        case example(String)
        /// The notes' code of the block with this ``BoundBlock/key``.
        case original(block: String)
        /// A probe of that block's code, by its name.
        case probe(block: String, name: String)
    }

    var key: Key
    /// How progress lines name it: an example's id, `python notes/x.md:12`.
    var label: String
    /// The command, or why there is none.
    var command: Result<Command, LaunchError>
    /// What besides the command line decides the outcome (a binary's hash,
    /// an interpreter's version), for the cache key; computed only when a
    /// cache is used.
    var identity: @Sendable () throws(LaunchError) -> String
    var limits: RunLimits
    /// Files written into a fresh working folder that the run starts in and
    /// that is removed after it; nil runs in the current folder.
    var workspace: [String: String]?
    /// A file read back after the run from the folder that holds its
    /// working folder (out of a sandbox's reach): what a driver did.
    var transcript: String?
    /// Roughly how long it takes; the longest start first.
    var expectedSeconds: Double = 1
    /// Run it even if the cache has its result (`notes build PATH`).
    var fresh = false
    /// It runs under `notes __sandbox`: a run that says the sandbox could
    /// not be made ran nothing, and is not an outcome.
    var sandboxed = false
}

extension RunJob {
    /// The job that runs `example` with `launcher`.
    static func example(_ example: Example, launcher: any ExampleLauncher, limits: RunLimits) -> RunJob {
        RunJob(
            key: .example(example.id), label: example.id,
            command: Result { () throws(LaunchError) in try launcher.command(for: example) },
            identity: { () throws(LaunchError) in try launcher.identity(for: example) },
            limits: limits)
    }
}
