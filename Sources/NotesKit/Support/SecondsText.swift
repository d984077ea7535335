import Foundation

/// How every report and page writes a duration: `0.25`, `3.10`, `12`.
enum SecondsText {
    /// Two decimals under ten seconds, whole seconds from ten on; no unit.
    static func format(_ seconds: Double) -> String {
        seconds >= 10 ? String(Int(seconds.rounded())) : String(format: "%.2f", seconds)
    }
}
