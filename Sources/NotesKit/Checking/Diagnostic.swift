/// A problem found in the notes or in their examples.
///
/// Diagnostics are collected and reported, never thrown: one bad block does
/// not stop the others from being checked.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        case error, warning, note
    }

    public var severity: Severity
    public var location: SourceLocation?
    /// One line.
    public var message: String
    /// Supporting lines (a diff, the tail of stderr), printed indented.
    public var details: [String]
    /// The example the diagnostic is about, if it is about one.
    public var example: String?
    /// Whether it is about the notes' own code, a claim or an erratum: what
    /// a review found, rather than a port.
    var fromReview = false

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, details: [String] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.details = details
    }

    public static func error(_ message: String, at location: SourceLocation?, details: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, details: details)
    }

    /// `path:line:col: error: message`, then the details indented by four spaces.
    public var description: String {
        // Appended piece by piece: a course may print 100,000 of them.
        var text = ""
        if let location {
            text += location.path
            text += ":"
            text += String(location.line)
            text += ":"
            text += String(location.column)
            text += ": "
        }
        text += severity.rawValue
        text += ": "
        text += message
        for detail in details {
            text += "\n    "
            text += detail
        }
        return text
    }
}
