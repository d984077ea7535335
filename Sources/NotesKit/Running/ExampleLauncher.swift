import ExampleKit
import Foundation

/// Turns an example into a command that runs it in its own process.
protocol ExampleLauncher: Sendable {
    func command(for example: Example) throws(LaunchError) -> Command
    /// What, beyond the command line, decides how the example behaves: the
    /// code it runs and the tools it runs with. Part of the cache key.
    func identity(for example: Example) throws(LaunchError) -> String
}

/// Runs examples by re-executing the current binary, which links the
/// examples module: `notes __example ID`.
///
/// The examples that run are always the ones compiled into this very
/// binary, so `swift run notes check` can never run a stale build of them.
/// Another binary that links the same registry and answers `__example ID`
/// may be named instead: `scripts/tsan-check` runs the small
/// `notes-examples` built with ThreadSanitizer this way.
/// Compile-failure lessons run `swiftc -typecheck` on their source instead.
public struct SelfLauncher: ExampleLauncher {
    /// The hidden subcommand that runs one example in the child process.
    public static let subcommand = "__example"

    public let executablePath: String
    private let memo = Memo()
    /// Where the binary's digest is remembered under its ``FileStamp``.
    var facts: RunCache?

    public init(executablePath: String = SelfLauncher.currentExecutable()) {
        self.executablePath = executablePath
    }

    func command(for example: Example) throws(LaunchError) -> Command {
        switch example.kind {
        case .port, .idiomatic:
            return Command(
                executablePath, [Self.subcommand, example.id],
                environment: ["SWIFT_BACKTRACE": "enable=no"])
        case .compileFailure:
            let swiftc = try ChildProcess.resolve("swiftc")
            // A relative path keeps the compiler's messages free of this machine's folders.
            return Command(swiftc, ["-typecheck", "-swift-version", "6", DisplayPath.relative(example.sourcePath)])
        }
    }

    func identity(for example: Example) throws(LaunchError) -> String {
        switch example.kind {
        case .port, .idiomatic:
            return try memo.value(for: executablePath) { () throws(LaunchError) in
                let hash = { () throws(LaunchError) -> String in
                    guard let digest = Digest.sha256(fileAt: executablePath) else {
                        throw .unreadable(executablePath)
                    }
                    return digest
                }
                guard let facts, let stamp = FileStamp(path: executablePath) else { return "binary " + (try hash()) }
                return "binary " + (try facts.remembered("sha256 \(executablePath) \(stamp)", hash))
            }
        case .compileFailure:
            guard let source = FileManager.default.contents(atPath: example.sourcePath) else {
                throw .unreadable(example.sourcePath)
            }
            let swiftc = try ChildProcess.resolve("swiftc")
            let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: swiftc)) ?? swiftc
            let attributes = try? FileManager.default.attributesOfItem(atPath: swiftc)
            let stamp = "\(attributes?[.size] ?? 0) \(attributes?[.modificationDate] ?? "")"
            return "source \(Digest.sha256(source)) swiftc \(real) \(stamp)"
        }
    }

    /// The absolute path of the running executable.
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }

    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: String] = [:]

        func value(for key: String, _ make: () throws(LaunchError) -> String) throws(LaunchError) -> String {
            lock.lock()
            defer { lock.unlock() }
            if let value = values[key] { return value }
            let value = try make()
            values[key] = value
            return value
        }
    }
}
