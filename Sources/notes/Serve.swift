import ArgumentParser
import ConcurrencyExamples
import ExampleKit
import Foundation
import NotesKit
import NotesServe

extension Notes {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Build the site, serve it on 127.0.0.1, and rebuild it whenever a note or a port changes.",
            discussion: """
                Open pages reload by themselves after each rebuild. A changed Swift source is rebuilt with \
                `swift build` first, and the examples whose source changed run again; a failed rebuild shows \
                its message on the page, and the server stays up.
                """)

        @OptionGroup var notes: NotesFolderOptions

        @Option(help: ArgumentHelp("Where the served site is written.", valueName: "dir"))
        var out = "site"

        @Option(help: ArgumentHelp("The port on 127.0.0.1; 0 lets the system choose.", valueName: "port"))
        var port = 8000

        @Option(help: ArgumentHelp("Where results are cached.", valueName: "dir"))
        var cacheDir = ".notes-cache"

        @Flag(name: .customLong("no-python"), help: "Do not run the notes' own Python.")
        var noPython = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        }

        func run() throws {
            try RunCache.claim(cacheDir)  // a folder of the user's is refused before anything is served
            let registry = Notes.registry
            var bySource: [String: [String]] = [:]
            for example in registry.examples { bySource[example.sourcePath, default: []].append(example.id) }
            // For tests: another package root ("" watches the notes alone),
            // and a shorter time limit for builds.
            let environment = ProcessInfo.processInfo.environment
            var root = Self.packageRoot(of: registry)
            if let given = environment["NOTES_SERVE_PACKAGE_ROOT"] { root = given.isEmpty ? nil : given }
            var session = PreviewSession(
                notes: notes.folder, out: out, cacheDir: cacheDir, port: port,
                packageRoot: root, examplesBySource: bySource,
                registryFiles: Set(registry.examples.map(\.declaration.filePath)),
                buildArguments: noPython ? ["--no-python"] : [])
            if let seconds = environment["NOTES_SERVE_TIME_LIMIT"].flatMap(Double.init) {
                session.timeLimit = .seconds(seconds)
            }
            do {
                try session.run(binary: SelfLauncher.currentExecutable()) { line in
                    print(line)
                    fflush(nil)
                }
            } catch let error as PreviewError {
                FileHandle.standardError.write(Data("notes: error: \(error)\n".utf8))
                throw ExitCode(error.status)
            }
        }

        /// The folder with the `Package.swift` the registry was compiled
        /// from, if it is still on this machine.
        static func packageRoot(of registry: ExampleRegistry) -> String? {
            guard let file = registry.examples.first?.declaration.filePath else { return nil }
            var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
            while folder.path != "/" {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    return folder.path
                }
                folder = folder.deletingLastPathComponent()
            }
            return nil
        }
    }
}
