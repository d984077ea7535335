import ExampleKit
import Foundation

/// Runs the notes' own code, as written or probed: with the `python3` on
/// `PATH`, in a fresh working folder, always inside the bubblewrap sandbox
/// of `notes __sandbox` (``Sandbox``), which shows the interpreter its own
/// installation read-only and nothing else of the machine.
///
/// Only blocks cleared to run are given to it (``Clearance``); the
/// interpreter is looked for only when there is one to run. When it is
/// missing, or the sandbox cannot be made (each run then says so, and ran
/// nothing), `check` fails, naming `--no-python` as the way to skip the
/// notes' code on purpose.
final class OriginalLauncher: Sendable {
    /// Why the notes' code is not run at all, when it is not.
    enum Unavailable: Error, Sendable, Hashable {
        /// `--no-python`.
        case disabled
        /// No `python3` on `PATH` (nil), or the one at this path did not say its version.
        case noInterpreter(String?)
    }

    /// The interpreter that runs the blocks.
    struct Interpreter: Sendable, Hashable {
        var path: String
        /// `3.11.7`.
        var version: String
        /// Its installation's folders outside `/usr` (`sys.base_prefix`
        /// and `sys.prefix`), shown read-only in the sandbox.
        var folders: [String]
    }

    /// The name the block's code is saved under in its working folder;
    /// tracebacks show it.
    static let scriptName = "block.py"
    /// Where the helper leaves its driver's transcript: beside the run's
    /// working folder, out of the sandbox's reach.
    static let transcriptName = ".notes-driver.log"
    /// Bumped when the helper's behaviour changes, so cached runs are redone.
    private static let sandboxVersion = "2"

    private let helper: String
    /// False for `--no-python`.
    private let enabled: Bool
    private let detected: Once<Result<Setting, Unavailable>>

    private struct Setting: Sendable {
        var interpreter: Interpreter
    }

    /// What `python3` says of itself.
    private struct Answer: Codable {
        var version: String
        /// `sys.executable`: the real interpreter behind a shim (pyenv's
        /// `python3` is a shell script that costs 0.2 s a start).
        var executable: String
        /// `sys.base_prefix` and `sys.prefix`.
        var prefixes: [String]
    }

    /// - Parameters:
    ///   - helper: The `notes` binary, which has the sandbox subcommand.
    ///   - enabled: False for `--no-python`.
    ///   - facts: Where what `python3` answered is remembered, under the
    ///     stamps of the files that choose the interpreter.
    init(helper: String = SelfLauncher.currentExecutable(), enabled: Bool, facts: RunCache? = nil) {
        self.helper = helper
        self.enabled = enabled
        detected = Once { enabled ? Self.detect(helper: helper, facts: facts) : .failure(.disabled) }
    }

    /// What chooses the interpreter and how it runs, found without running
    /// anything (``LastBuild``'s stamp): `python3` on `PATH`, the files
    /// that choose it, and the user, on whom the sandbox depends.
    var stamp: String {
        guard enabled else { return "python off" }
        guard let path = try? ChildProcess.resolve("python3") else { return "python none" }
        let bwrap = Sandbox.Plan.find("bwrap")
        let sandbox =
            "bwrap \(bwrap ?? "-") \(bwrap.flatMap(FileStamp.init(path:)).map(String.init(describing:)) ?? "-")"
        return "\(Self.selectionKey(path))\nhelper \(helper)\neuid \(geteuid())\n\(sandbox)"
    }

    /// The interpreter, or why there is none. Looked for on first use.
    var interpreter: Result<Interpreter, Unavailable> { detected.get().map(\.interpreter) }

    /// The jobs for a block's code as written and for each of its probes.
    /// - Parameter block: A key for the block, unique in the notes.
    func jobs(block: String, label: String, code: String, review: Review) -> [RunJob] {
        guard let original = review.original else { return [] }
        var jobs = [job(.original(block: block), label: "python \(label)", script: code, original: original)]
        for probe in review.probes {
            var limits = original
            limits.timeout = probe.timeout ?? original.timeout
            let script = [probe.before, code, probe.after].filter { !$0.isEmpty }.map(Self.endingInNewline).joined()
            jobs.append(
                job(
                    .probe(block: block, name: probe.name), label: "python \(label) +\(probe.name)", script: script,
                    original: limits))
        }
        return jobs
    }

    private func job(_ key: RunJob.Key, label: String, script: String, original: Original) -> RunJob {
        let limits = RunLimits(timeout: original.timeout)
        let command: Result<Command, LaunchError>
        let setting = detected.get()
        switch setting {
        case .failure(let reason):
            command = .failure(.noCommand(reason.description))
        case .success(let setting):
            let interpreter = setting.interpreter
            var arguments = [Sandbox.subcommand, "--network", "private"]
            for folder in interpreter.folders { arguments += ["--read-only", folder] }
            if case .tcpClient(let port, let message) = original.driver {
                // The transcript goes beside the working folder, where the sandbox cannot reach.
                arguments += [
                    "--connect", "\(port)", "--message", message, "--transcript", "../" + Self.transcriptName,
                ]
            }
            arguments += ["--", interpreter.path, "-u", Self.scriptName]
            command = .success(
                Command(
                    helper, arguments,
                    environment: ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"]))
        }
        let interpreter = try? setting.get().interpreter
        let identity =
            "python \(interpreter?.version ?? "-") \(interpreter?.path ?? "-") sandbox \(Self.sandboxVersion) "
            + Digest.sha256(script)
        return RunJob(
            key: key, label: label, command: command, identity: { identity }, limits: limits,
            workspace: [Self.scriptName: script], transcript: original.driver == nil ? nil : Self.transcriptName,
            expectedSeconds: 0.5, sandboxed: true)
    }

    private static func endingInNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
    }

    private static func detect(helper: String, facts: RunCache?) -> Result<Setting, Unavailable> {
        guard let path = try? ChildProcess.resolve("python3") else {
            return .failure(.noInterpreter(nil))
        }
        let ask = { () throws(LaunchError) -> Answer in
            let asked = try ChildProcess.run(
                Command(
                    path,
                    [
                        "-c",
                        "import sys; print(sys.version.split()[0]); print(sys.executable); print(sys.base_prefix); print(sys.prefix)",
                    ]
                ),
                limits: RunLimits(timeout: .seconds(20)))
            let lines = asked.stdout.split(separator: "\n").map(String.init)
            guard asked.exitedCleanly, lines.count == 4 else { throw .noCommand(path) }
            return Answer(version: lines[0], executable: lines[1], prefixes: Array(lines[2...]))
        }
        let answer: Answer
        do throws(LaunchError) {
            if let facts {
                answer = try facts.remembered("v2\n" + selectionKey(path), ask)
            } else {
                answer = try ask()
            }
        } catch {
            return .failure(.noInterpreter(path))
        }
        let executable = FileStamp(path: answer.executable) == nil ? path : answer.executable
        var folders: [String] = []
        for prefix in answer.prefixes where !prefix.hasPrefix("/usr/") && prefix != "/usr" && !folders.contains(prefix)
        {
            folders.append(prefix)
        }
        return .success(
            Setting(interpreter: Interpreter(path: executable, version: answer.version, folders: folders)))
    }

    /// Everything that decides which interpreter `python3` at `path` is:
    /// the file and where it leads, and pyenv's choice when it is a shim.
    private static func selectionKey(_ path: String) -> String {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var parts = ["python3 \(path) \(FileStamp(path: path).map(String.init(describing:)) ?? "-")"]
        parts.append("real \(real) \(FileStamp(path: real).map(String.init(describing:)) ?? "-")")
        let environment = ProcessInfo.processInfo.environment
        parts.append("PYENV_VERSION=\(environment["PYENV_VERSION"] ?? "")")
        let root = environment["PYENV_ROOT"] ?? (NSHomeDirectory() + "/.pyenv")
        for file in [root + "/version", FileManager.default.currentDirectoryPath + "/.python-version"] {
            let text = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            parts.append("\(file)=\(text)")
        }
        return parts.joined(separator: "\n")
    }
}

extension OriginalLauncher.Unavailable: CustomStringConvertible {
    /// In Chinese, for the pages.
    var description: String {
        switch self {
        case .disabled: "用了 --no-python，笔记原代码没有运行"
        case .noInterpreter(nil): "笔记原代码没有运行：PATH 上没有 python3"
        case .noInterpreter(let path?): "笔记原代码没有运行：\(path) 没有报出版本"
        }
    }

    /// In English, for `notes check`'s one error; nil for `--no-python`.
    var problem: String? {
        switch self {
        case .disabled: nil
        case .noInterpreter(nil): "there is no python3 on PATH to run the notes' code with"
        case .noInterpreter(let path?): "\(path) did not say its version, so the notes' code cannot run with it"
        }
    }
}
