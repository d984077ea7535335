import ExampleKit

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
    /// What the shared primitives recorded (``Tracer``); nil when they recorded nothing.
    var trace: Trace?

    private enum CodingKeys: String, CodingKey {
        case termination, timedOut, leftoverProcesses, stdout, stderr, stdoutDropped, stderrDropped, seconds
        case transcript, limit, cached, trace
    }

    var exitedCleanly: Bool { termination == .exited(0) && !timedOut && !leftoverProcesses }
}

extension RunResult {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        termination = try values.decode(Termination.self, forKey: .termination)
        timedOut = try values.decode(Bool.self, forKey: .timedOut)
        leftoverProcesses = try values.decode(Bool.self, forKey: .leftoverProcesses)
        stdout = try values.decode(String.self, forKey: .stdout)
        stderr = try values.decode(String.self, forKey: .stderr)
        stdoutDropped = try values.decode(Int.self, forKey: .stdoutDropped)
        stderrDropped = try values.decode(Int.self, forKey: .stderrDropped)
        seconds = try values.decode(Double.self, forKey: .seconds)
        transcript = try values.decodeIfPresent(String.self, forKey: .transcript)
        limit = try values.decodeIfPresent(Double.self, forKey: .limit)
        cached = try values.decodeIfPresent(Bool.self, forKey: .cached) ?? false
        trace = try values.decodeIfPresent(Trace.self, forKey: .trace)
    }

    /// `cached` is written only when true: the cache stores fresh results,
    /// whose entries stay as they were, while a report's results (see
    /// ``ReportResults``) keep it.
    func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(termination, forKey: .termination)
        try values.encode(timedOut, forKey: .timedOut)
        try values.encode(leftoverProcesses, forKey: .leftoverProcesses)
        try values.encode(stdout, forKey: .stdout)
        try values.encode(stderr, forKey: .stderr)
        try values.encode(stdoutDropped, forKey: .stdoutDropped)
        try values.encode(stderrDropped, forKey: .stderrDropped)
        try values.encode(seconds, forKey: .seconds)
        try values.encodeIfPresent(transcript, forKey: .transcript)
        try values.encodeIfPresent(limit, forKey: .limit)
        if cached { try values.encode(true, forKey: .cached) }
        try values.encodeIfPresent(trace, forKey: .trace)
    }
}
