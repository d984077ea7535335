import Foundation
import Testing

@testable import NotesKit

/// A `notes` killed with SIGKILL, which it cannot catch, leaves no run
/// behind: its sandbox, and the notes' code in it, die with it.
@Suite("Children die with notes", .hangGuard)
struct ParentWatchTests {
    /// Whether `pid` is gone (or a zombie, dead but not yet reaped).
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the command's closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Polls `condition` for up to 10 s.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test func theSandboxAndTheNotesCodeEndWhenTheirParentIsKilled() throws {
        let binary = ReviewFixtureTests.notesBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build notes first")
        // A shell stands for `notes`: it starts the sandbox, says its pid, and waits.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "'\(binary)' \(Sandbox.subcommand) -- /bin/sleep 30 & echo $!; wait"]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        defer { if shell.isRunning { kill(shell.processIdentifier, SIGKILL) } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        let sandbox = try #require(
            Int32(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The program the sandbox runs: its child, once it has started.
        var program: Int32?
        #expect(
            Self.eventually {
                let children =
                    (try? String(contentsOfFile: "/proc/\(sandbox)/task/\(sandbox)/children", encoding: .utf8)) ?? ""
                program = children.split(separator: " ").first.flatMap { Int32($0) }
                return program != nil
            })
        let sleeper = try #require(program)
        kill(shell.processIdentifier, SIGKILL)
        #expect(Self.eventually { Self.isGone(sandbox) }, "the sandbox outlived its parent")
        #expect(Self.eventually { Self.isGone(sleeper) }, "the notes' code outlived the sandbox")
        if !Self.isGone(sleeper) { kill(sleeper, SIGKILL) }
        if !Self.isGone(sandbox) { kill(sandbox, SIGKILL) }
    }
}
