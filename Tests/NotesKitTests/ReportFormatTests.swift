import Foundation
import Testing

@testable import NotesKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Report formats", .hangGuard)
struct ReportFormatTests {
    @Test(arguments: ReportFormat.allCases)
    func matchesItsGoldenFile(_ format: ReportFormat) throws {
        let report = try ReportFixture.report()
        let extensions: [ReportFormat: String] = [.text: "txt", .json: "json", .junit: "xml", .github: "txt"]
        Support.assertGolden(format.render(report), "reports/\(format.rawValue).\(extensions[format]!)")
    }

    @Test func textEndsWithTheClosingLine() throws {
        let text = ReportFormat.text.render(try ReportFixture.report())
        #expect(text.hasSuffix("\n1 passed, 5 failed, 1 waived\n"))
    }

    @Test func jsonHasOneEntryPerBlockWithTheRequiredFields() throws {
        let json = ReportFormat.json.render(try ReportFixture.report())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let blocks = try #require(root["blocks"] as? [[String: Any]])
        #expect(blocks.count == 7)
        for block in blocks {
            for key in ["file", "line", "language", "example", "status", "duration", "reason"] {
                #expect(block.keys.contains(key), "block lacks \(key)")
            }
        }
        #expect(
            blocks.map { $0["status"] as? String } == [
                "passed", "failed", "timeout", "crashed", "stale", "unmapped", "waived",
            ])
        #expect(blocks[5]["example"] is NSNull)
        #expect(blocks[0]["example"] as? String == "passes")
        #expect(blocks[0]["file"] as? String == "notes/fixture.md")
        #expect(blocks[0]["line"] as? Int == 7)
    }

    /// One test case per block, and one more per Python block for the
    /// notes' own code (skipped here: the fixture runs no Python).
    @Test func junitIsWellFormedWithOneTestcasePerBlockAndPerOriginal() throws {
        let xml = ReportFormat.junit.render(try ReportFixture.report())
        let document = try XMLDocument(xmlString: xml)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 7 + 6)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 5)
        #expect(try document.nodes(forXPath: "//testcase/skipped").count == 1 + 6)
        #expect(try document.nodes(forXPath: "//testcase[contains(@name, '· python')]").count == 6)
    }

    /// Names a CI history can follow: editing prose above a block, or an
    /// earlier chapter, renames no test case.
    @Test func junitNamesDoNotMoveWhenTheNotesAroundThemDo() throws {
        let names = { (report: CheckReport) in
            ReportFormat.junit.render(report).matches(of: /<testcase [^>]*name="([^"]*)"/).map { String($0.output.1) }
        }
        let before = names(try ReportFixture.report())
        var moved = try ReportFixture.report()
        for index in moved.blocks.indices {
            moved.blocks[index].line += 40
            moved.blocks[index].ordinal += 3
        }
        #expect(names(moved) == before)
        #expect(before.contains("passes") && before.contains("Unmapped #1") && before.contains("Passes #1 · python"))
        #expect(!before.contains { $0.contains("line") || $0.hasPrefix("block ") })
    }

    @Test func junitReplacesCharactersXMLForbids() throws {
        let escaped = JUnitReport.escape("red \u{1B}[31m<b>&\"'\u{FFFF}")
        #expect(escaped == "red ␛[31m&lt;b&gt;&amp;&quot;&#39;\u{FFFD}")
    }

    @Test func githubLinesAreWorkflowCommands() throws {
        let lines = ReportFormat.github.render(try ReportFixture.report()).split(separator: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "::error file=notes/fixture.md,line=13,col=1,title=notes check::example 'fails' printed unexpected output"
                )
            })
        #expect(lines.contains { $0.hasPrefix("::notice file=notes/fixture.md,line=8,") })
        // Multi-line messages stay on one line.
        #expect(lines.contains { $0.contains("%0A") })
        #expect(lines.last == "1 passed, 5 failed, 1 waived")
    }
}
