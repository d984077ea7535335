import Foundation
import Testing

@testable import NotesKit

/// The one test of the course in `notes/` as it stands, driven by the
/// registry and the notes rather than by numbers written here: adding a
/// chapter with its ports keeps it green, and a block left unported, a
/// port that fails or an erratum that stopped holding turns it red.
@Suite("The course in notes/", .serialized, .hangGuard)
struct CourseTests {
    /// One fresh check of the course, shared by the tests that read it.
    static let report: Result<Course, any Error> = Result { try Course.check() }

    /// The two runs' output, kept as text (which is Sendable), read on use.
    struct Course: Sendable {
        var listOutput: String
        var checkOutput: String
        var status: Int32
        var cache: String

        /// `notes list --format json`.
        var list: [[String: Any]] { (try? CLI.json(listOutput)) as? [[String: Any]] ?? [] }
        /// `notes check --format json`, fresh.
        var blocks: [[String: Any]] { root["blocks"] as? [[String: Any]] ?? [] }
        var summary: [String: Any] { root["summary"] as? [String: Any] ?? [:] }
        private var root: [String: Any] { (try? CLI.json(checkOutput)) as? [String: Any] ?? [:] }

        static func check() throws -> Course {
            let list = try CLI.run(["list", "--notes", CLI.notesFolder, "--format", "json"])
            let cache = CLI.temporaryCache()
            let check = try CLI.run([
                "check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", cache,
            ])
            let course = Course(listOutput: list.stdout, checkOutput: check.stdout, status: check.status, cache: cache)
            try #require(!course.list.isEmpty && !course.blocks.isEmpty, "\(list.stderr)\(check.stderr)")
            return course
        }
    }

    static func place(_ block: [String: Any]) -> String {
        "\(block["file"] as? String ?? "?"):\(block["line"] as? Int ?? 0)"
    }

    @Test func everyBlockOfTheNotesIsListedAndMapped() throws {
        let course = try Self.report.get()
        let (documents, diagnostics) = try NotesFolder.load(CLI.notesFolder, layout: SiteMap.init)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let parsed = documents.flatMap { document in
            document.codeBlocks.map { "\((document.path as NSString).lastPathComponent):\($0.line)" }
        }
        let listed = course.list.map {
            "\(($0["file"] as? String ?? "") .split(separator: "/").last ?? ""):\($0["line"] as? Int ?? 0)"
        }
        #expect(!listed.isEmpty)
        #expect(listed == parsed)
        for block in course.list {
            #expect(block["status"] as? String == "mapped", "\(Self.place(block)) is \(block["status"] ?? "?")")
            #expect((block["examples"] as? [String])?.isEmpty == false, "\(Self.place(block)) has no example")
        }
    }

    @Test func everyBlockPassesAndEveryReviewHolds() throws {
        let course = try Self.report.get()
        #expect(course.status == 0)
        #expect(course.blocks.count == course.list.count)
        #expect(course.summary["passed"] as? Int == course.blocks.count)
        for block in course.blocks {
            let place = Self.place(block)
            #expect(block["status"] as? String == "passed", "\(place): \(block["reason"] ?? "")")
            for example in block["examples"] as? [[String: Any]] ?? [] {
                #expect(example["status"] as? String == "passed", "\(place): \(example["id"] ?? "?")")
            }
            // The notes' own Python ran as its review expects (or, with no
            // review naming the block, did not run at all).
            let original = block["original"] as? [String: Any] ?? [:]
            #expect(original["expected"] as? Bool != false, "\(place): the Python \(original["status"] ?? "?")")
            for erratum in block["errata"] as? [[String: Any]] ?? [] {
                #expect(erratum["holds"] as? Bool != false, "\(place): erratum \(erratum["zh"] ?? "")")
                #expect((erratum["zh"] as? String)?.isEmpty == false, "\(place): an erratum without Chinese")
            }
            for claim in block["claims"] as? [[String: Any]] ?? [] {
                #expect(
                    ["holds", "refuted"].contains(claim["verdict"] as? String),
                    "\(place): claim \(claim["quote"] ?? "") was not judged")
            }
        }
    }

    /// What `notes new` leaves behind is never green: an example that
    /// checks nothing fails, so a port cannot pass by printing anything.
    @Test func everyExampleChecksSomething() throws {
        let course = try Self.report.get()
        for block in course.blocks {
            for example in block["examples"] as? [[String: Any]] ?? [] {
                #expect(
                    (example["expectations"] as? [Any])?.isEmpty == false,
                    "\(Self.place(block)): \(example["id"] ?? "?") checks nothing")
            }
        }
    }

    @Test func aSecondCheckComesFromTheCache() throws {
        let course = try Self.report.get()
        let second = try CLI.run([
            "check", "--notes", CLI.notesFolder, "--format", "json", "-q", "--cache-dir", course.cache,
        ])
        let root = try #require(try CLI.json(second.stdout) as? [String: Any])
        let examples = (root["blocks"] as? [[String: Any]] ?? []).flatMap { $0["examples"] as? [[String: Any]] ?? [] }
        #expect(!examples.isEmpty)
        #expect(examples.allSatisfy { $0["cached"] as? Bool == true })
    }
}
