/// A program to run in its own process group.
public struct Command: Sendable, Hashable, Codable {
    /// An absolute path, or a name looked up in `PATH`.
    public var executable: String
    public var arguments: [String]
    /// Variables added to (or replacing) the parent's environment.
    public var environment: [String: String]

    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}

/// Bounds on one run.
public struct RunLimits: Sendable, Hashable, Codable {
    /// After this long the process group is terminated and the run is a timeout.
    public var timeout: Duration
    /// Bytes kept of each of stdout and stderr; the rest is read and dropped.
    public var outputCap: Int
    /// Time between SIGTERM and SIGKILL when the group is terminated.
    public var grace: Duration

    public static let defaultTimeout: Duration = .seconds(10)
    public static let defaultOutputCap = 1 << 20

    public init(timeout: Duration = defaultTimeout, outputCap: Int = defaultOutputCap, grace: Duration = .milliseconds(500)) {
        self.timeout = timeout
        self.outputCap = outputCap
        self.grace = grace
    }
}

/// Why a command could not be started. Not an outcome of the program:
/// the program never ran.
public struct LaunchError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
