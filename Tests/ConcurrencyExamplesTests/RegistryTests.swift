import ExampleKit
import Foundation
import Testing

@testable import ConcurrencyExamples
@testable import NotesKit

@Suite("The course's example registry", .hangGuard)
struct RegistryTests {
    let registry = CourseExamples.registry

    @Test func idsAreUniqueKebabCase() {
        let ids = registry.examples.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil })
    }

    /// `main:` takes a plain function or an `async` one; a plain one must
    /// stay plain, since ports that fork run on the main thread, not in a task.
    @Test func mainTakesEitherKindOfFunction() {
        @Sendable func plain(_: ExampleContext) throws {}
        @Sendable func awaiting(_: ExampleContext) async throws {}
        let block = BlockLocator(note: "n.md", heading: "h")
        let sync = Example("s", ports: block, fingerprint: "-", source: "s.swift", main: plain)
        let async = Example("a", ports: block, fingerprint: "-", source: "a.swift", main: awaiting)
        guard case .sync = sync.entry, case .async = async.entry else {
            Issue.record("entries: \(String(describing: sync.entry)), \(String(describing: async.entry))")
            return
        }
        #expect(sync.kind == .port && async.kind == .port)
    }

    /// The keys of a port's header, in the order the site shows them.
    static let headerKeys = ["代码块", "概念", "笔记", "Swift 6"]

    /// Every port's header names its block and its concept, uses only the
    /// known keys, in order, and the block it names is the one its locator
    /// finds.
    @Test func everyPortHasAHeaderNamingItsBlockAndConcept() throws {
        for example in registry.examples {
            let source = try String(contentsOfFile: example.sourcePath, encoding: .utf8)
            let header = source.split(separator: "\n").prefix { $0.hasPrefix("//") }
            // A field starts `// Key: `, one space after the slashes.
            let keys = header.compactMap { line -> String? in
                guard let match = line.wholeMatch(of: /\/\/ ([^ :][^:]*): ?.*/) else { return nil }
                return String(match.1)
            }
            #expect(keys.first == "代码块", "\(example.source) has no 代码块: line first")
            #expect(keys.contains("概念"), "\(example.source) has no 概念: line")
            let order = keys.compactMap { Self.headerKeys.firstIndex(of: $0) }
            #expect(order.count == keys.count, "\(example.source): unknown keys in \(keys)")
            #expect(order == order.sorted() && Set(order).count == order.count, "\(example.source): keys \(keys)")
            if example.kind == .port {
                #expect(keys.contains("笔记"), "\(example.source) has no 笔记: line")
            }
            #expect(
                header.joined(separator: "\n").contains(example.block.heading),
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
