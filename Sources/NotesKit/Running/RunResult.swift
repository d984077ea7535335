/// What happened when a command ran: a normal outcome, whatever its status.
struct RunResult: Sendable, Hashable, Codable {
    enum Termination: Sendable, Hashable, Codable {
        case exited(Int32)
        case signaled(Int32)
    }

    var termination: Termination
    /// The run hit its timeout and its process group was terminated.
    var timedOut: Bool
    /// Processes of the group were still running when the main process
    /// exited; they were terminated.
    var leftoverProcesses: Bool
    var stdout: String
    var stderr: String
    /// Bytes read past the output cap and dropped.
    var stdoutDropped: Int
    var stderrDropped: Int
    /// Seconds from start until the main process ended.
    var seconds: Double
    /// What a driver did while the run served (connected, sent, received).
    var transcript: String?
    /// The run's time limit, in seconds: what a timeout is reported against.
    var limit: Double?
    /// Whether this result came from the cache rather than a run.
    var cached: Bool = false

    private enum CodingKeys: String, CodingKey {
        case termination, timedOut, leftoverProcesses, stdout, stderr, stdoutDropped, stderrDropped, seconds
        case transcript, limit
    }

    var exitedCleanly: Bool { termination == .exited(0) && !timedOut && !leftoverProcesses }
}
