import Foundation
import Testing

@testable import NotesKit

/// The fuzz target's seeds, and every input the fuzzer ever found failing
/// (`Tests/Fuzz/crashes`), replayed through the same path and rules: a
/// note's bytes to its pages, in memory (``NotePath``).
@Suite("Replaying the fuzz corpus", .hangGuard)
struct FuzzCorpusTests {
    static let folder = Support.packageRoot.appendingPathComponent("Tests/Fuzz")

    static var inputs: [String] {
        ["seeds", "crashes"].flatMap { group in
            let path = folder.appendingPathComponent(group).path
            return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                "\(group)/\($0)"
            }
        }
    }

    @Test(arguments: inputs)
    func everyPageKeepsTheRules(_ input: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder.appendingPathComponent(input).path))
        #expect(NotePath.problems(of: [UInt8](data)) == [])
    }

    /// The rules can fail: a page with a script the site did not put
    /// there, an id used twice or bytes that are not UTF-8 are reported.
    @Test func theRulesCatchWhatTheyGuard() {
        #expect(NotePath.problems(of: Array("# a\n\nplain\n".utf8)) == [])
        let page = { (text: String) in NotePath.pageProblems(path: "a.html", bytes: Array(text.utf8)) }
        #expect(page("<p id=\"x\">a</p><p id=\"y\">b</p>") == [])
        #expect(page("<p id=\"x\">a</p><p id=\"x\">b</p>") == ["a.html repeats id \"x\""])
        #expect(page("<p>&lt;script&gt; is text</p><SCRIPT>x</SCRIPT>") == ["a.html has 1 <script, the site puts 0"])
        #expect(NotePath.pageProblems(path: "a.html", bytes: [0x3C, 0xFF]) == ["a.html is not valid UTF-8"])
        #expect(
            NotePath.pageProblems(path: "search/terms-0.js", bytes: Array("x='</script>'".utf8)) == [
                "search/terms-0.js could close a script element"
            ])
    }
}
