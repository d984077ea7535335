/// The JUnit XML report: one testcase per block, one suite per file.
enum JUnitReport {
    static func render(_ report: CheckReport) -> String {
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let total = report.blocks.reduce(0) { $0 + $1.seconds }
        xml.append("<testsuites name=\"notes check\" tests=\"\(report.blocks.count)\" failures=\"\(report.failed)\" errors=\"\(report.otherErrors)\" skipped=\"\(report.waived)\" time=\"\(time(total))\">")
        var files: [String] = []
        for block in report.blocks where !files.contains(block.path) { files.append(block.path) }
        for file in files {
            let blocks = report.blocks.filter { $0.path == file }
            let failures = blocks.count { !$0.status.isSuccess }
            let skipped = blocks.count { $0.status == .waived }
            xml.append("  <testsuite name=\"\(escape(file))\" tests=\"\(blocks.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time(blocks.reduce(0) { $0 + $1.seconds }))\">")
            for block in blocks { xml += testcase(block) }
            xml.append("  </testsuite>")
        }
        if report.otherErrors > 0 {
            xml.append("  <testsuite name=\"notes\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">")
            xml.append("    <testcase classname=\"notes\" name=\"files\" time=\"0\">")
            let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            xml.append("      <error message=\"\(escape(report.diagnostics.first { $0.severity == .error }?.message ?? ""))\">\(escape(errors))</error>")
            xml.append("    </testcase>")
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    private static func testcase(_ block: BlockReport) -> [String] {
        let ids = block.examples.map(\.id).joined(separator: ", ")
        let name = "block \(block.ordinal) (line \(block.line))" + (ids.isEmpty ? "" : ": \(ids)")
        var xml = ["    <testcase classname=\"\(escape(block.path))\" name=\"\(escape(name))\" file=\"\(escape(block.path))\" line=\"\(block.line)\" time=\"\(time(block.seconds))\">"]
        switch block.status {
        case .passed:
            break
        case .waived:
            xml.append("      <skipped message=\"\(escape(block.waiver ?? ""))\"/>")
        default:
            let body = block.diagnostics.filter { $0.severity != .note }.map(\.description).joined(separator: "\n")
            xml.append("      <failure type=\"\(block.status.rawValue)\" message=\"\(escape(block.reason ?? block.status.rawValue))\">\(escape(body))</failure>")
        }
        let output = block.examples.compactMap { example in
            example.run.map { "[\(example.id)]\n\($0.stdout)" }
        }.joined(separator: "\n")
        if !output.isEmpty { xml.append("      <system-out>\(escape(output))</system-out>") }
        xml.append("    </testcase>")
        return xml
    }

    private static func time(_ seconds: Double) -> String {
        String((seconds * 1000).rounded() / 1000)
    }

    /// Escapes text for XML the way pages are escaped; control characters,
    /// which XML 1.0 forbids, become their Control Pictures.
    static func escape(_ text: String) -> String {
        HTML.escape(text)
    }
}
