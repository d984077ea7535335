/// The forms a check report can take.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error: …` lines and a closing `N passed, N failed`.
    case text
    /// One entry per block, for tools.
    case json
    /// One testcase per block, for CI test views.
    case junit
    /// GitHub Actions workflow commands (`::error file=…,line=…::`).
    case github

    /// Renders `report` in this format.
    public func render(_ report: CheckReport) -> String {
        switch self {
        case .text: TerminalText.safe(TextReport.render(report))
        case .json: JSONReport.render(report)
        case .junit: JUnitReport.render(report)
        case .github: TerminalText.safe(GitHubReport.render(report))
        }
    }
}
