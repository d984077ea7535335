import ExampleKit
import Foundation

/// Runs the notes' own code, as written or probed: with the `python3` on
/// `PATH`, under `notes __sandbox`, in a fresh working folder, and in a
/// network of its own where the machine allows one.
///
/// Only blocks a review names are run; the interpreter is looked for only
/// when there is one to run.
final class OriginalLauncher: Sendable {
    /// Why the notes' code is not run at all, when it is not.
    enum Unavailable: Error, Sendable, Hashable {
        /// `--no-python`.
        case disabled
        /// No `python3` on `PATH`, or it did not answer.
        case noInterpreter(String)
    }

    /// The interpreter that runs the blocks.
    struct Interpreter: Sendable, Hashable {
        var path: String
        /// `3.11.7`.
        var version: String
    }

    /// The name the block's code is saved under in its working folder;
    /// tracebacks show it.
    static let scriptName = "block.py"
    static let transcriptName = ".notes-driver.log"
    /// Bumped when the helper's behaviour changes, so cached runs are redone.
    private static let sandboxVersion = "1"

    private let helper: String
    /// False for `--no-python`.
    private let enabled: Bool
    private let detected: Once<Result<Setting, Unavailable>>

    private struct Setting: Sendable {
        var interpreter: Interpreter
        var network: Sandbox.Network
    }

    /// What `python3` says of itself.
    private struct Answer: Codable {
        var version: String
        /// `sys.executable`: the real interpreter behind a shim (pyenv's
        /// `python3` is a shell script that costs 0.2 s a start).
        var executable: String
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
        return "\(Self.selectionKey(path))\nhelper \(helper)\neuid \(geteuid())"
    }

    /// The interpreter, or why there is none. Looked for on first use.
    var interpreter: Result<Interpreter, Unavailable> { detected.get().map(\.interpreter) }

    /// The network the runs get.
    var network: Sandbox.Network? { try? detected.get().get().network }

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
            let network = setting.network
            let interpreter = setting.interpreter
            var arguments = [Sandbox.subcommand, "--network", network.rawValue]
            if case .tcpClient(let port, let message) = original.driver {
                guard network == .isolated else {
                    command = .failure(.noCommand("这段代码监听固定端口 \(port)，而这台机器不能给它独立的网络，所以不运行它"))
                    break
                }
                arguments += ["--connect", "\(port)", "--message", message, "--transcript", Self.transcriptName]
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
            expectedSeconds: 0.5)
    }

    private static func endingInNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
    }

    private static func detect(helper: String, facts: RunCache?) -> Result<Setting, Unavailable> {
        guard let path = try? ChildProcess.resolve("python3") else {
            return .failure(.noInterpreter("PATH 上没有 python3"))
        }
        let ask = { () throws(LaunchError) -> Answer in
            let asked = try ChildProcess.run(
                Command(path, ["-c", "import sys; print(sys.version.split()[0]); print(sys.executable)"]),
                limits: RunLimits(timeout: .seconds(20)))
            let lines = asked.stdout.split(separator: "\n").map(String.init)
            guard asked.exitedCleanly, lines.count == 2 else { throw .noCommand(path) }
            return Answer(version: lines[0], executable: lines[1])
        }
        let answer: Answer
        do throws(LaunchError) {
            if let facts {
                answer = try facts.remembered(selectionKey(path), ask)
            } else {
                answer = try ask()
            }
        } catch {
            return .failure(.noInterpreter("\(path) 没有报出版本"))
        }
        let check = try? ChildProcess.run(
            Command(helper, [Sandbox.subcommand, "--check"]), limits: RunLimits(timeout: .seconds(20)))
        let network: Sandbox.Network = check?.exitedCleanly == true ? .isolated : .shared
        let executable = FileStamp(path: answer.executable) == nil ? path : answer.executable
        return .success(Setting(interpreter: Interpreter(path: executable, version: answer.version), network: network))
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
    var description: String {
        switch self {
        case .disabled: "用了 --no-python，笔记原代码没有运行"
        case .noInterpreter(let why): "笔记原代码没有运行：\(why)"
        }
    }
}
