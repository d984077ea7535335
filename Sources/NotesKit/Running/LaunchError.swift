/// Why a command could not be started. Not an outcome of the program: the
/// program never ran.
enum LaunchError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A program name that is on no folder of `PATH`.
    case notFound(String)
    /// A path that is not an executable file.
    case notExecutable(String)
    /// A file the launcher must read (a binary to hash, a lesson's source).
    case unreadable(String)
    /// A system call that prepares the child failed, with `errno`'s text.
    case system(call: String, reason: String)
    /// `posix_spawn` itself refused.
    case spawnFailed(String, reason: String)
    /// The launcher knows no way to run this example.
    case noCommand(String)
    /// `notes __sandbox` could not make the sandbox, and ran nothing.
    case noSandbox(String)

    var description: String {
        switch self {
        case .notFound(let name): "\(name) was not found on PATH"
        case .notExecutable(let path): "\(path) is not an executable file"
        case .unreadable(let path): "cannot read \(path)"
        case .system(let call, let reason): "\(call) failed: \(reason)"
        case .spawnFailed(let path, let reason): "cannot start \(path): \(reason)"
        case .noCommand(let id): "no way to run \(id)"
        case .noSandbox(let why): "the sandbox could not be made: \(why)"
        }
    }
}
