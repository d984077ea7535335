/// The human-readable report: diagnostics, then a summary.
enum TextReport {
    static func render(_ report: CheckReport) -> String {
        var lines = report.allDiagnostics.map(\.description)
        if !lines.isEmpty { lines.append("") }
        let counts = CheckStatus.allCases.compactMap { status -> String? in
            let count = report.blocks.count { $0.swiftStatus == status }
            return count > 0 ? "\(count) \(status.rawValue)" : nil
        }
        let total = report.blocks.count
        lines.append(
            "\(total) code block\(total == 1 ? "" : "s"), the Swift: "
                + (counts.isEmpty ? "none" : counts.joined(separator: ", "))
        )
        if let python = report.pythonLine { lines.append(python) }
        if let errata = report.errataLine { lines.append(errata) }
        lines.append(report.closingLine)
        return lines.joined(separator: "\n") + "\n"
    }
}
