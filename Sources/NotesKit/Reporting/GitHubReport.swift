import Foundation

/// GitHub Actions workflow commands, which annotate the notes in a pull request.
enum GitHubReport {
    static func render(_ report: CheckReport) -> String {
        var lines = report.allDiagnostics.map(command)
        lines += [report.pythonLine, report.errataLine].compactMap { $0 }
        lines.append(report.closingLine)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func command(_ diagnostic: Diagnostic) -> String {
        let name =
            switch diagnostic.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
        var properties: [String] = []
        if let location = diagnostic.location {
            properties = ["file=\(escapeProperty(location.path))", "line=\(location.line)", "col=\(location.column)"]
        }
        properties.append("title=notes check")
        let message = ([diagnostic.message] + diagnostic.details).joined(separator: "\n")
        return "::\(name) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
