import ArgumentParser
import ConcurrencyExamples
import ExampleKit
import Foundation
import NotesKit

@main
struct Notes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Check course notes against Swift ports of their code, and publish them as a site.",
        discussion: """
            Exit status: 0 when every block is verified, 1 when a block failed, is stale or is \
            unmapped, 2 for a usage or configuration error.
            """,
        subcommands: [List.self, New.self, Run.self, Check.self, Build.self, Serve.self, Report.self])

    /// The examples this binary can run.
    static let registry = CourseExamples.registry

    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count >= 3, arguments[1] == SelfLauncher.subcommand {
            // A child process started by the runner: run one example and exit.
            ParentWatch.dieWithParent()
            ExampleProcess.run(registry, id: arguments[2], arguments: Array(arguments.dropFirst(3)))
        }
        if arguments.count >= 2, arguments[1] == Sandbox.subcommand {
            // A child process started by the runner: run the notes' code.
            Sandbox.main(Array(arguments.dropFirst(2)))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigurationError {
            // An error the interrupt caused (the site's folder removed while
            // it was written) is not a configuration error: exit as the signal says.
            Interruption.waitForExitIfInterrupted()
            FileHandle.standardError.write(Data(TerminalText.safe("notes: error: \(error)\n").utf8))
            exit(withError: ExitCode(2))
        } catch {
            Interruption.waitForExitIfInterrupted()
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
