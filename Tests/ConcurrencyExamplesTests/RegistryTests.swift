import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples
@testable import NotesKit

@Suite("The course's example registry", .timeLimit(.minutes(1)))
struct RegistryTests {
    let registry = CourseExamples.registry

    @Test func idsAreUniqueKebabCase() {
        let ids = registry.examples.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil })
    }

    /// Every port's header names its block and its concept, and the block
    /// it names is the one its locator finds.
    @Test func everyPortHasAHeaderNamingItsBlockAndConcept() throws {
        for example in registry.examples {
            let source = try String(contentsOfFile: example.sourcePath, encoding: .utf8)
            let header = source.split(separator: "\n").prefix { $0.hasPrefix("//") }.joined(separator: "\n")
            #expect(header.contains("// Block:"), "\(example.source) has no Block: line")
            #expect(header.contains("// Concept:"), "\(example.source) has no Concept: line")
            #expect(
                header.contains(example.block.heading),
                "\(example.source)'s header does not name “\(example.block.heading)”")
        }
    }

    @Test func everyExampleBindsToAFreshBlockOfTheNotes() throws {
        let notes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notes").path
        let binding = try Pipeline.bind(notes: notes, registry: registry)
        #expect(binding.diagnostics.isEmpty, "\(binding.diagnostics)")
        let bound = binding.blocks.flatMap(\.examples).map(\.id)
        #expect(Set(bound) == Set(registry.examples.map(\.id)))
        #expect(binding.blocks.allSatisfy { $0.staleExamples.isEmpty })
    }
}
