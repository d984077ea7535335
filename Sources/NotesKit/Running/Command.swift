/// A program to run in its own process group.
struct Command: Sendable, Hashable, Codable {
    /// An absolute path, or a name looked up in `PATH`.
    var executable: String
    var arguments: [String]
    /// Variables added to (or replacing) the parent's environment.
    var environment: [String: String]
    /// Where the program starts; nil for the current directory.
    var workingDirectory: String?

    init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
