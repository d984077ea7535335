/// What happened when a command ran: a normal outcome, whatever its status.
public struct RunResult: Sendable, Hashable, Codable {
    public enum Termination: Sendable, Hashable, Codable {
        case exited(Int32)
        case signaled(Int32)
    }

    public var termination: Termination
    /// The run hit its timeout and its process group was terminated.
    public var timedOut: Bool
    /// Processes of the group were still running when the main process
    /// exited; they were terminated.
    public var leftoverProcesses: Bool
    public var stdout: String
    public var stderr: String
    /// Bytes read past the output cap and dropped.
    public var stdoutDropped: Int
    public var stderrDropped: Int
    /// Seconds from start until the main process ended.
    public var seconds: Double
    /// Whether this result came from the cache rather than a run.
    public var cached: Bool = false

    private enum CodingKeys: String, CodingKey {
        case termination, timedOut, leftoverProcesses, stdout, stderr, stdoutDropped, stderrDropped, seconds
    }

    public var exitedCleanly: Bool { termination == .exited(0) && !timedOut && !leftoverProcesses }
}
