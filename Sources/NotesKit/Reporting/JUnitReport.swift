/// The JUnit XML report: one testcase per block, one suite per file.
enum JUnitReport {
    static func render(_ report: CheckReport) -> String {
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let total = report.blocks.reduce(0) { $0 + $1.seconds }
        xml.append(
            tag(
                "testsuites",
                [
                    ("name", "notes check"),
                    ("tests", "\(report.blocks.count + report.blocks.count { $0.original != nil })"),
                    ("failures", "\(report.failed)"), ("errors", "\(report.otherErrors)"),
                    ("skipped", "\(report.waived + report.blocks.count { $0.original?.status == .notRun })"),
                    ("time", time(total)),
                ]))
        var files: [String] = []
        for block in report.blocks where !files.contains(block.path) { files.append(block.path) }
        for file in files {
            let blocks = report.blocks.filter { $0.path == file }
            let originals = blocks.compactMap(\.original)
            xml.append(
                "  "
                    + tag(
                        "testsuite",
                        [
                            ("name", file), ("tests", "\(blocks.count + originals.count)"),
                            ("failures", "\(blocks.count { !$0.status.isSuccess } + originals.count { !$0.expected })"),
                            ("errors", "0"),
                            (
                                "skipped",
                                "\(blocks.count { $0.status == .waived } + originals.count { $0.status == .notRun })"
                            ),
                            ("time", time(blocks.reduce(0) { $0 + $1.seconds })),
                        ]))
            for block in blocks {
                xml += testcase(block)
                if let original = block.original { xml += testcase(original, of: block) }
            }
            xml.append("  </testsuite>")
        }
        let errors = report.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            let suite = [("name", "notes"), ("tests", "1"), ("failures", "0"), ("errors", "1"), ("skipped", "0")]
            xml.append("  " + tag("testsuite", suite + [("time", "0")]))
            xml.append("    " + tag("testcase", [("classname", "notes"), ("name", "files"), ("time", "0")]))
            let body = errors.map(\.description).joined(separator: "\n")
            xml.append("      " + tag("error", [("message", first.message)]) + escape(body) + "</error>")
            xml.append("    </testcase>")
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    private static func testcase(_ block: BlockReport) -> [String] {
        let ids = block.examples.map(\.id).joined(separator: ", ")
        let name = "block \(block.ordinal) (line \(block.line))" + (ids.isEmpty ? "" : ": \(ids)")
        var xml = [
            "    "
                + tag(
                    "testcase",
                    [
                        ("classname", block.path), ("name", name), ("file", block.path), ("line", "\(block.line)"),
                        ("time", time(block.seconds)),
                    ])
        ]
        switch block.status {
        case .passed:
            break
        case .waived:
            xml.append("      " + tag("skipped", [("message", block.waiver ?? "")], empty: true))
        default:
            let body = block.diagnostics.filter { $0.severity != .note }.map(\.description).joined(separator: "\n")
            let attributes = [("type", block.status.rawValue), ("message", block.reason ?? block.status.rawValue)]
            xml.append("      " + tag("failure", attributes) + escape(body) + "</failure>")
        }
        let output = block.examples.compactMap { example in
            example.run.map { "[\(example.id)]\n\($0.stdout)" }
        }.joined(separator: "\n")
        if !output.isEmpty { xml.append("      <system-out>\(escape(output))</system-out>") }
        xml.append("    </testcase>")
        return xml
    }

    /// The notes' own code of a block as a test case of its own: it passes
    /// when it behaves as the review says (an expected crash included), and
    /// is skipped when it was not run.
    private static func testcase(_ original: OriginalReport, of block: BlockReport) -> [String] {
        let ids = block.examples.map(\.id).joined(separator: ", ")
        let name = "block \(block.ordinal) (line \(block.line))" + (ids.isEmpty ? "" : ": \(ids)") + " · python"
        let seconds = original.run?.seconds ?? 0
        var xml = [
            "    "
                + tag(
                    "testcase",
                    [
                        ("classname", block.path), ("name", name), ("file", block.path), ("line", "\(block.line)"),
                        ("time", time(seconds)),
                    ])
        ]
        if original.status == .notRun {
            xml.append("      " + tag("skipped", [("message", original.notRunReason ?? "not run")], empty: true))
        } else if !original.expected {
            let message = "the notes' Python \(original.status.rawValue), and no erratum says so"
            xml.append(
                "      " + tag("failure", [("type", original.status.rawValue), ("message", message)]) + "</failure>")
        } else {
            xml.append("      " + tag("properties", []))
            xml.append(
                "        " + tag("property", [("name", "python"), ("value", original.status.rawValue)], empty: true))
            xml.append("      </properties>")
        }
        if let run = original.run, !(run.stdout + run.stderr).isEmpty {
            xml.append("      <system-out>\(escape(run.stdout + run.stderr))</system-out>")
        }
        xml.append("    </testcase>")
        return xml
    }

    /// `<name a="1" b="2">`, or `<name … />` when `empty`; values escaped.
    private static func tag(_ name: String, _ attributes: [(String, String)], empty: Bool = false) -> String {
        let pairs = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        return "<\(name)\(pairs)\(empty ? "/" : "")>"
    }

    private static func time(_ seconds: Double) -> String {
        String((seconds * 1000).rounded() / 1000)
    }

    /// Escapes text for an XML attribute or element (see ``MarkupText``).
    static func escape(_ text: String) -> String {
        MarkupText.escape(text)
    }
}
