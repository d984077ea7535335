/// The JUnit XML report: one suite per notes file; in it one test case per
/// example, one per block that has none, and one per Python block for the
/// notes' own code.
///
/// Test cases are named so that CI can follow them from run to run: an
/// example by its id, a block without one by its heading and its position
/// under it (`3.线程通信 #2`), the notes' code by the same and ` · python`.
/// No global block number and no line appear in a name, so editing prose or
/// an earlier chapter renames nothing.
enum JUnitReport {
    private struct Case {
        var name: String
        var seconds: Double
        /// `failure` (type, message, body) or `skipped` (message); neither for a pass.
        var failure: (type: String, message: String, body: String)?
        var skipped: String?
        var properties: [(String, String)] = []
        var output: String
    }

    static func render(_ report: CheckReport) -> String {
        var files: [String] = []
        for block in report.blocks where !files.contains(block.path) { files.append(block.path) }
        let suites = files.map { file in (file, report.blocks.filter { $0.path == file }.flatMap(cases)) }
        let all = suites.flatMap(\.1)
        let errors = report.diagnostics.filter { $0.severity == .error }
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        xml.append(
            tag(
                "testsuites",
                [
                    ("name", "notes check"), ("tests", "\(all.count)"),
                    ("failures", "\(all.count { $0.failure != nil })"), ("errors", "\(errors.isEmpty ? 0 : 1)"),
                    ("skipped", "\(all.count { $0.skipped != nil })"),
                    ("time", time(all.reduce(0) { $0 + $1.seconds })),
                ]))
        for (file, cases) in suites {
            xml.append(
                "  "
                    + tag(
                        "testsuite",
                        [
                            ("name", file), ("tests", "\(cases.count)"),
                            ("failures", "\(cases.count { $0.failure != nil })"), ("errors", "0"),
                            ("skipped", "\(cases.count { $0.skipped != nil })"),
                            ("time", time(cases.reduce(0) { $0 + $1.seconds })),
                        ]))
            for testcase in cases { xml += render(testcase, file: file) }
            xml.append("  </testsuite>")
        }
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

    /// The test cases of one block.
    private static func cases(_ block: BlockReport) -> [Case] {
        let place = "\(block.section ?? "(no heading)") #\(block.indexInSection)"
        let stale = block.diagnostics.filter { $0.example == nil && !$0.fromReview && $0.severity == .error }
        var cases: [Case] = block.examples.map { example in
            var testcase = Case(
                name: example.id, seconds: example.run?.seconds ?? 0, output: example.run?.stdout ?? "")
            if example.stale || !example.status.isSuccess {
                let own = block.diagnostics.filter { $0.example == example.id && $0.severity != .note }
                let body = (example.stale ? stale : []) + own
                testcase.failure = (
                    example.stale ? "stale" : example.status.rawValue,
                    example.stale ? "the block changed since this example was reviewed" : example.reason ?? "failed",
                    body.map(\.description).joined(separator: "\n")
                )
            }
            return testcase
        }
        if block.examples.isEmpty {
            var testcase = Case(name: place, seconds: 0, output: "")
            if block.swiftStatus == .waived {
                testcase.skipped = block.waiver ?? "waived"
            } else {
                testcase.failure = (
                    block.swiftStatus.rawValue, block.reason ?? block.swiftStatus.rawValue,
                    stale.map(\.description).joined(separator: "\n")
                )
            }
            cases.append(testcase)
        }
        if let original = block.original {
            let review = block.diagnostics.filter { $0.fromReview && $0.severity == .error }
            var testcase = Case(
                name: place + " · python", seconds: original.run?.seconds ?? 0,
                output: original.run.map { $0.stdout + $0.stderr } ?? "")
            if let first = review.first {
                testcase.failure = ("review", first.message, review.map(\.description).joined(separator: "\n"))
            } else if original.status == .notRun {
                testcase.skipped = original.notRunReason ?? "not run"
            } else {
                testcase.properties = [("python", original.status.rawValue)]
            }
            cases.append(testcase)
        }
        return cases
    }

    private static func render(_ testcase: Case, file: String) -> [String] {
        var xml = [
            "    "
                + tag(
                    "testcase",
                    [("classname", file), ("name", testcase.name), ("file", file), ("time", time(testcase.seconds))])
        ]
        if let failure = testcase.failure {
            xml.append(
                "      " + tag("failure", [("type", failure.type), ("message", failure.message)]) + escape(failure.body)
                    + "</failure>")
        } else if let skipped = testcase.skipped {
            xml.append("      " + tag("skipped", [("message", skipped)], empty: true))
        }
        if !testcase.properties.isEmpty {
            xml.append("      <properties>")
            for (name, value) in testcase.properties {
                xml.append("        " + tag("property", [("name", name), ("value", value)], empty: true))
            }
            xml.append("      </properties>")
        }
        if !testcase.output.isEmpty { xml.append("      <system-out>\(escape(testcase.output))</system-out>") }
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
