public import ExampleKit
import Foundation

/// `notes new`: registers a port for a block nobody ports yet, and later
/// proposes what its output must be.
///
/// `notes new notes/03-x.md:12` (a line of the block, or its number in
/// `notes list` order) writes the port's file beside the registry's
/// additions file, with its header filled in from the block and the notes'
/// code quoted as a guide, and adds to that file an `Example` (locator,
/// fingerprint) and a `Review` that lets the block's own Python run beside
/// it. Until the port is written and checked, it fails, saying why.
public enum NewPort {
    /// The markers in the registry's additions file.
    static let examplesMarker = "// notes new: examples above this line"
    static let reviewsMarker = "// notes new: reviews above this line"

    /// - Parameters:
    ///   - block: `FILE:LINE` (any line of the block) or the block's number in `notes list` order.
    ///   - id: The example's id; by default the note's name and the block's number in it.
    /// - Returns: What was written, to print.
    /// - Throws: ``ConfigurationError`` for a block that is already ported,
    ///   a registry without an additions file, or a file that exists.
    public static func create(
        block spec: String, notes: String, registry: ExampleRegistry, id: String? = nil
    ) throws
        -> [String]
    {
        let binding = try Pipeline.bind(notes: notes, registry: registry)
        let block = try find(spec, in: binding)
        guard block.examples.isEmpty else {
            throw ConfigurationError.selection(
                spec, reason: "this block already has examples: \(block.examples.map(\.id).joined(separator: ", "))")
        }
        guard let additions = registry.additions, let text = read(additions),
            text.contains(examplesMarker), text.contains(reviewsMarker)
        else {
            throw ConfigurationError.registryFile(
                path: registry.additions ?? "(none)",
                reason: "the registry has no file for `notes new` with its two markers")
        }
        let taken = Set(registry.examples.map(\.id))
        let id = id ?? freeID(for: block, in: binding, taken: taken)
        guard !taken.contains(id) else {
            throw ConfigurationError.duplicateExampleID(id, at: SourceLocation(path: additions, line: 1))
        }
        let type = typeName(id)
        let folder = (additions as NSString).deletingLastPathComponent
        let source = "\(type).swift"
        let portPath = folder + "/" + source
        guard !FileManager.default.fileExists(atPath: portPath) else {
            throw ConfigurationError.registryFile(path: portPath, reason: "exists already; choose another --id")
        }
        let locator = locatorSource(for: block, in: binding)
        try write(portPath, port(type: type, id: id, block: block))
        let entry = """
            Example(
                "\(id)",
                ports: \(locator),
                fingerprint: "\(block.fingerprint)",
                source: "\(source)",
                // `notes new --record \(id)` proposes it
                expect: [],
                main: \(type).main),
            """
        let updated = insert(
            "Review(of: \(locator)),", before: reviewsMarker,
            in: insert(entry, before: examplesMarker, in: text))
        try write(additions, updated)
        if let reviewed = registry.reviewedBlocks {
            try? FileManager.default.createDirectory(atPath: reviewed, withIntermediateDirectories: true)
            try? Data(block.block.code.utf8).write(to: URL(fileURLWithPath: "\(reviewed)/\(block.fingerprint).txt"))
        }
        return [
            "wrote \(DisplayPath.relative(portPath)) (the port of \(block.path):\(block.block.line))",
            "registered '\(id)' and a review of its block in \(DisplayPath.relative(additions)): "
                + "the block's Python, as it reads now, runs in the sandbox from the next check",
            tidy([portPath, additions]),
            "next: write the port, `swift build`, then `notes new --record \(id)` to propose what it must print",
        ]
    }

    /// Runs a new port (and its block's Python, twice each) and writes what
    /// its output must be into its registration: the same lines as the
    /// Python where the Python prints and runs the same way twice; else the
    /// port's own output, as a regression guard, when it is the same twice.
    /// - Returns: What was proposed, to print.
    public static func record(
        _ id: String, notes: String, registry: ExampleRegistry, runner: Runner
    ) throws
        -> [String]
    {
        guard let example = registry.example(id: id) else {
            throw ConfigurationError.unknownExample(id, known: registry.examples.map(\.id))
        }
        let binding = try Pipeline.bind(notes: notes, registry: registry)
        guard let block = binding.blocks.first(where: { $0.examples.contains { $0.id == id } }) else {
            throw ConfigurationError.selection(id, reason: "its block is not in \(notes)")
        }
        var runs: [[RunJob.Key: RunOutcome]] = []
        for _ in 0..<2 {
            var fresh = runner
            fresh.cache = nil
            runs.append(fresh.run(fresh.jobs(for: [block], examples: { $0 == id })))
        }
        let stdout = { (key: RunJob.Key, run: Int) -> String? in
            guard case .ran(let result) = runs[run][key], result.exitedCleanly else { return nil }
            return result.stdout
        }
        let python = RunJob.Key.original(block: block.key)
        let replacement: String
        var lines: [String]
        if let first = stdout(python, 0), !first.isEmpty, first == stdout(python, 1) {
            replacement = "sameOutput: .python(),"
            lines = ["the notes' Python prints the same \(first.outputLines.count) line(s) each run:"]
            lines += first.outputLines.map { "    " + $0 }
            lines.append("proposed: the port must print the same lines (compared with the Python on every check)")
        } else if let first = stdout(.example(id), 0), first == stdout(.example(id), 1) {
            replacement = "expect: [.recordedOutput(\(swiftLiteral(first)))],"
            lines = ["the port prints the same \(first.outputLines.count) line(s) each run:"]
            lines += first.outputLines.map { "    " + $0 }
            lines.append(
                "proposed: that output, as a guard against regressions of the port (not evidence for the notes)")
        } else {
            return [
                "the port did not run cleanly, or printed differently each run: nothing recorded",
                "write its expectation by hand (unorderedLines, linePatterns, satisfies) in "
                    + DisplayPath.relative(example.declaration.filePath),
            ]
        }
        try replacePlaceholder(of: example, with: replacement)
        lines.append(
            "written into \(DisplayPath.relative(example.declaration.filePath)); review it, then `swift build`")
        lines.append(tidy([example.declaration.filePath]))
        return lines
    }

    // MARK: - Pieces

    private static func find(_ spec: String, in binding: Binding) throws -> BoundBlock {
        if let number = Int(spec) {
            guard binding.blocks.indices.contains(number - 1) else {
                throw ConfigurationError.selection(spec, reason: "the notes have \(binding.blocks.count) code blocks")
            }
            return binding.blocks[number - 1]
        }
        let selection = try Selection([spec])
        guard let block = binding.blocks.first(where: selection.includes) else {
            throw ConfigurationError.selection(spec, reason: "selects no code block of the notes")
        }
        return block
    }

    /// `03-x-2`: the note's name and the block's number in it, made unique.
    private static func freeID(for block: BoundBlock, in binding: Binding, taken: Set<String>) -> String {
        let stem = ((block.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let ascii = stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
        let base = ascii.split(separator: "-").joined(separator: "-")
        let number =
            binding.blocks.filter { $0.path == block.path }.firstIndex { $0.key == block.key }.map { $0 + 1 } ?? 1
        var id = (base.isEmpty ? "block" : base) + "-\(number)"
        var counter = 1
        while taken.contains(id) {
            counter += 1
            id = (base.isEmpty ? "block" : base) + "-\(number)-\(counter)"
        }
        return id
    }

    /// `Port03X2`: a Swift type name from an id.
    static func typeName(_ id: String) -> String {
        let words = id.split { !($0.isLetter || $0.isNumber) || !$0.isASCII }
        return "Port" + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The locator as Swift source, naming the chapter when the heading alone is ambiguous.
    private static func locatorSource(for block: BoundBlock, in binding: Binding) -> String {
        let heading = block.section?.text ?? ""
        let ambiguous = binding.blocks.contains {
            $0.section?.text == heading && $0.path == block.path && $0.chapter?.text != block.chapter?.text
        }
        var text =
            "BlockLocator(note: \(swiftLiteral(block.notePath)), heading: \(swiftLiteral(heading)), "
            + "index: \(block.indexInSection)"
        if ambiguous, let chapter = block.chapter?.text { text += ", chapter: \(swiftLiteral(chapter))" }
        return text + ")"
    }

    private static func port(type: String, id: String, block: BoundBlock) -> String {
        let place = [block.chapter?.text, block.section?.text].compactMap { $0 }.joined(separator: " › ")
        var code = block.block.code.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        while code.last?.isEmpty == true { code.removeLast() }
        let quoted = code.map { $0.isEmpty ? "///" : "///     " + $0 }.joined(separator: "\n")
        return """
            // 代码块: \(place.isEmpty ? "（没有标题）" : place)，第 \(block.indexInSection) 个代码块
            //   （\(block.path):\(block.block.line)）
            // 概念: （用一两句话写这段代码演示的概念。）
            // 笔记: （笔记的代码有什么问题；没有就写“笔记的代码是对的”。）
            // Swift 6: （Swift 6 在这里保证了什么，或者去掉这一项。）

            import ExampleKit

            /// Ports this block of the notes; where the Python prints, print
            /// the same lines:
            ///
            \(quoted)
            enum \(type) {
                static func main(_ context: ExampleContext) throws {
                    // Write the port here (`async throws` is fine too), then
                    // `swift build` and `notes new --record \(id)`.
                    invariant(false, "还没有移植：\(id)")
                }
            }

            """
    }

    /// `text` with `entry` added as the last element of the array literal
    /// that `marker` (a comment line) closes, at the marker's indentation.
    /// The element before it gets its comma back if a formatter took it.
    static func insert(_ entry: String, before marker: String, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let at = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == marker }) else {
            return text
        }
        let indent = String(lines[at].prefix { $0 == " " })
        if let previous = lines[..<at].lastIndex(where: {
            let code = $0.trimmingCharacters(in: .whitespaces)
            return !code.isEmpty && !code.hasPrefix("//")
        }) {
            let code = lines[previous].trimmingCharacters(in: .whitespaces)
            if !code.hasSuffix("[") && !code.hasSuffix(",") { lines[previous] += "," }
        }
        lines.insert(contentsOf: entry.components(separatedBy: "\n").map { indent + $0 }, at: at)
        return lines.joined(separator: "\n")
    }

    /// Formats what `notes new` wrote with `swift format`, which finds the
    /// package's `.swift-format`; says so, or why it could not.
    private static func tidy(_ paths: [String]) -> String {
        let names = paths.map(DisplayPath.relative).joined(separator: ", ")
        guard
            let result = try? ChildProcess.run(
                Command("swift", ["format", "format", "-i"] + paths), limits: RunLimits(timeout: .seconds(60))),
            result.termination == .exited(0)
        else {
            return "could not run `swift format` on \(names): format them before you commit"
        }
        return "formatted \(names) with swift format"
    }

    private static func replacePlaceholder(of example: Example, with replacement: String) throws {
        let path = example.declaration.filePath
        guard let text = read(path) else {
            throw ConfigurationError.registryFile(path: path, reason: "cannot read it")
        }
        var lines = text.components(separatedBy: "\n")
        let start = max(0, example.declaration.line - 1)
        // The placeholder: the comment naming this command, then `expect: []`.
        guard
            let index = lines.indices.dropFirst(start).prefix(12).first(where: {
                lines[$0].contains("notes new --record \(example.id)")
            }),
            lines.indices.contains(index + 1), lines[index + 1].trimmingCharacters(in: .whitespaces) == "expect: [],"
        else {
            throw ConfigurationError.registryFile(
                path: path, reason: "no `expect: []` placeholder left in the entry of '\(example.id)'")
        }
        let indent = lines[index].prefix { $0 == " " }
        lines.replaceSubrange(index...(index + 1), with: [indent + replacement])
        try write(path, lines.joined(separator: "\n"))
    }

    /// A Swift string literal: `"…"` with escapes.
    static func swiftLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            case "\t": literal += "\\t"
            case "\r": literal += "\\r"
            case _ where scalar.value < 0x20: literal += "\\u{\(String(scalar.value, radix: 16))}"
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func write(_ path: String, _ text: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ConfigurationError.registryFile(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
