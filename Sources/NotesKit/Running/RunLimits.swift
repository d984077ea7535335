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

    public init(
        timeout: Duration = defaultTimeout, outputCap: Int = defaultOutputCap, grace: Duration = .milliseconds(500)
    ) {
        self.timeout = timeout
        self.outputCap = outputCap
        self.grace = grace
    }
}
