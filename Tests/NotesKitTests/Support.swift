import Foundation
import Testing

/// Paths and golden files for the tests.
enum Support {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The names of the sub-folders of `Fixtures/<group>`, sorted.
    static func cases(_ group: String) -> [String] {
        let folder = fixtures.appendingPathComponent(group).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Compares `actual` with the golden file at `path` (relative to
    /// Fixtures). With `NOTES_RECORD=1` in the environment, writes it instead.
    static func assertGolden(_ actual: String, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(path)
        if ProcessInfo.processInfo.environment["NOTES_RECORD"] == "1" {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record(
                "missing golden file \(path); run the tests with NOTES_RECORD=1 to create it",
                sourceLocation: sourceLocation)
            return
        }
        #expect(
            actual == String(decoding: data, as: UTF8.self),
            "golden file \(path) differs; re-record with NOTES_RECORD=1 if the change is intended",
            sourceLocation: sourceLocation)
    }

    /// `count` deterministic strings, each `length` pieces picked from `pieces`.
    static func fuzzStrings(
        _ pieces: [String], count: Int, length: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    ) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            (0..<length).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return pieces[Int(state >> 33) % pieces.count]
            }.joined()
        }
    }

    /// A fresh temporary folder, removed when `body` returns.
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) rethrows -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("notes-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
