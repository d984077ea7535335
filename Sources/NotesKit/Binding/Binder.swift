import ExampleKit
import Foundation

/// Binds every code block of the notes to the examples registered for it.
enum Binder {
    /// Finds each example's block by its locator, and notes stale
    /// fingerprints and blocks that nothing implements.
    ///
    /// An example whose locator finds no block is a warning at its
    /// registration: the block it meant is then reported as unmapped, which
    /// is the error. Unmapped and stale blocks are reported by ``Checker``.
    /// - Throws: ``ConfigurationError`` for a registry that cannot be used:
    ///   duplicate ids or an invalid pattern.
    /// - Parameter config: Which languages' blocks need a port (the rest
    ///   are not bound: they are shown as code, with no status).
    static func bind(
        _ documents: [Document], to registry: ExampleRegistry, config: NotesConfig? = nil
    ) throws -> Binding {
        try validate(registry)
        var blocks = StageClock.time("bind: collect") {
            collectBlocks(documents, needsPort: config.map { config in config.needsPort } ?? { _ in true })
        }
        let byHeading = StageClock.time("bind: headings") { headingIndex(blocks) }
        let resolve = { (locator: BlockLocator) in Self.resolve(locator, in: blocks, byHeading: byHeading) }
        var diagnostics: [Diagnostic] = []
        var resolvedCount = 0
        var foreignCount = 0

        for example in registry.examples {
            switch resolve(example.block) {
            case .found(let index):
                blocks[index].examples.append(example)
                resolvedCount += 1
            case .missing(let why, let foreign):
                if foreign { foreignCount += 1 }
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "example '\(example.id)' ports \(example.block), but \(why)",
                        at: declarationLocation(example.declaration)))
            }
        }
        for waiver in registry.waivers {
            if case .found(let index) = resolve(waiver.block) {
                blocks[index].waiver = waiver
            }
        }
        for review in registry.reviews {
            switch resolve(review.block) {
            case .found(let index):
                blocks[index].review = review
            case .missing(let why, _):
                if resolvedCount > 0 {
                    diagnostics.append(
                        Diagnostic(
                            .warning, "a review of \(review.block) finds no block: \(why)",
                            at: declarationLocation(review.declaration)))
                }
            }
        }
        for index in blocks.indices where blocks[index].review?.original != nil {
            blocks[index].clearance = clearance(of: blocks[index], reviewedBlocks: registry.reviewedBlocks)
        }
        if resolvedCount == 0, foreignCount == registry.examples.count, foreignCount > 0 {
            // These notes are not the ones the registry was written for:
            // one line says so instead of one warning per example.
            let notes = Set(registry.examples.map(\.block.note)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let named = notes.prefix(4).joined(separator: ", ") + (notes.count > 4 ? ", …" : "")
            diagnostics = [
                Diagnostic(
                    .note,
                    "none of the \(registry.examples.count) registered examples ports a block of these notes "
                        + "(the registry names blocks in \(named), and this folder has none of them)",
                    at: nil)
            ]
        }
        return Binding(
            documents: documents, blocks: blocks, diagnostics: diagnostics, reviewedBlocks: registry.reviewedBlocks,
            additions: registry.additions, config: config ?? NotesConfig())
    }

    /// Whether the notes' code of a block that a review asks to run may
    /// run: only while it is the text its ports were reviewed against, as
    /// the registry's `Reviewed/` folder keeps it.
    static func clearance(of block: BoundBlock, reviewedBlocks: String?) -> Clearance {
        guard let first = block.examples.first else { return .noFingerprint }
        let stale = block.staleExamples
        if !stale.isEmpty { return .stale(examples: stale.map(\.id)) }
        guard let reviewedBlocks,
            let kept = FileBytes.read("\(reviewedBlocks)/\(block.fingerprint).txt").map({
                String(decoding: $0, as: UTF8.self)
            })
        else { return .textNotKept(example: first.id) }
        return Fingerprint.normalized(kept) == Fingerprint.normalized(block.block.code)
            ? .cleared : .textDiffers(example: first.id)
    }

    /// Rejects a registry that cannot be checked.
    static func validate(_ registry: ExampleRegistry) throws {
        // Every pattern compiled once, on every core; one that fails is
        // compiled again below, in the registry's order, for its error.
        var patterns = registry.examples.flatMap { $0.expectations.flatMap(\.patterns) }
        for review in registry.reviews { patterns += observations(of: review).flatMap { $1.patterns } }
        let unique = Array(Set(patterns))
        let compiles = Parallel.mapEach(unique, run: 16) { (try? Regex($0)) != nil }
        let valid = Set(zip(unique, compiles).compactMap { $1 ? $0 : nil })

        var seen: Set<String> = []
        for example in registry.examples {
            let place = declarationLocation(example.declaration)
            guard !example.id.isEmpty, seen.insert(example.id).inserted else {
                throw ConfigurationError.duplicateExampleID(example.id, at: place)
            }
            for pattern in example.expectations.flatMap(\.patterns) where !valid.contains(pattern) {
                do { _ = try Regex(pattern) } catch {
                    throw ConfigurationError.invalidPattern(
                        example: example.id, pattern: pattern, reason: "\(error)", at: place)
                }
            }
            if example.entry == nil, !example.kind.isCompileFailure {
                throw ConfigurationError.noCodeToRun(example: example.id, at: place)
            }
        }
        for review in registry.reviews {
            try validate(review, examples: Set(seen), valid: valid)
        }
    }

    /// What a review judges against, with what it expects to see there.
    private static func observations(of review: Review) -> [(RunSource, Observation)] {
        var checks = review.claims.map { ($0.against, $0.evidence) }
        for erratum in review.errata {
            if case .run(let source, let observation) = erratum.check { checks.append((source, observation)) }
        }
        return checks
    }

    /// Rejects a review whose probes, runs or patterns cannot be used.
    /// - Parameter valid: The patterns known to compile.
    private static func validate(_ review: Review, examples: Set<String>, valid: Set<String>) throws {
        let place = declarationLocation(review.declaration)
        var probes: Set<String> = []
        for probe in review.probes where !probes.insert(probe.name).inserted || probe.name.isEmpty {
            throw ConfigurationError.invalidReview(reason: "duplicate or empty probe name '\(probe.name)'", at: place)
        }
        for (source, observation) in observations(of: review) {
            switch source {
            case .python:
                if review.original == nil {
                    throw ConfigurationError.invalidReview(
                        reason: "judges against the Python, but never runs it", at: place)
                }
            case .probe(let name):
                if !probes.contains(name) {
                    throw ConfigurationError.invalidReview(reason: "names no probe '\(name)'", at: place)
                }
            case .swift(let id):
                if !examples.contains(id) {
                    throw ConfigurationError.invalidReview(reason: "names no example '\(id)'", at: place)
                }
            }
            for pattern in observation.patterns where !valid.contains(pattern) {
                do { _ = try Regex(pattern) } catch {
                    throw ConfigurationError.invalidReview(
                        reason: "has an invalid pattern /\(pattern)/: \(error)", at: place)
                }
            }
        }
    }

    /// Every code block that needs a port; a block's position in its
    /// section counts every code block, so that a locator does not move
    /// when the config changes which languages need a port.
    private static func collectBlocks(_ documents: [Document], needsPort: (String) -> Bool) -> [BoundBlock] {
        var blocks: [BoundBlock] = []
        for document in documents {
            var chapter: Heading?
            var section: Heading?
            var indexInSection = 0
            for item in document.blocks {
                switch item {
                case .heading(let heading):
                    if heading.level == 1 { chapter = heading }
                    section = heading
                    indexInSection = 0
                case .code(let code):
                    indexInSection += 1
                    guard needsPort(code.language) else { continue }
                    blocks.append(
                        BoundBlock(
                            path: document.path, notePath: document.notePath, block: code, chapter: chapter,
                            section: section,
                            indexInSection: indexInSection, ordinal: blocks.count + 1,
                            fingerprint: "", examples: [], waiver: nil))
                case .prose:
                    continue
                }
            }
        }
        // The fingerprints, in runs on every core: a course has thousands of blocks.
        let fingerprints = StageClock.time("bind: fingerprints") {
            Parallel.mapEach(blocks) { Fingerprint.of($0.block.code) }
        }
        for (index, fingerprint) in fingerprints.enumerated() { blocks[index].fingerprint = fingerprint }
        return blocks
    }

    /// The indices of `blocks` by their note and their section's heading,
    /// its space normalized (``indexKey(note:heading:)``). Consecutive blocks of one section are a run: its heading
    /// is normalized and hashed once, not once a block (a note may hold
    /// 100,000 blocks in a few thousand sections).
    static func headingIndex(_ blocks: [BoundBlock]) -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        var start = 0
        while start < blocks.count {
            let section = blocks[start].section
            var end = start + 1
            // The line first: comparing two headings' texts costs more.
            while end < blocks.count, blocks[end].section?.line == section?.line, blocks[end].section == section,
                blocks[end].notePath == blocks[start].notePath
            {
                end += 1
            }
            index[indexKey(note: blocks[start].notePath, heading: section?.text ?? ""), default: []] += start..<end
            start = end
        }
        return index
    }

    /// The key of ``headingIndex(_:)``: a note's path and a heading.
    static func indexKey(note: String, heading: String) -> String {
        note + "\u{0}" + normalizedSpace(heading)
    }

    private static let noHeading = "the note has no code under that heading"

    private enum Resolution {
        case found(Int)
        /// Not found, and why; `foreign` when neither the note the locator
        /// names nor its heading is anywhere in the folder.
        case missing(String, foreign: Bool)
    }

    /// - Parameter byHeading: ``headingIndex(_:)`` of `blocks`.
    private static func resolve(
        _ locator: BlockLocator, in blocks: [BoundBlock], byHeading: [String: [Int]]
    ) -> Resolution {
        let underHeading = (byHeading[indexKey(note: locator.note, heading: locator.heading)] ?? []).filter { index in
            locator.chapter.map { normalizedSpace($0) == normalizedSpace(blocks[index].chapter?.text ?? "") } ?? true
        }
        if underHeading.isEmpty { return whereElse(locator, byHeading: byHeading) }
        let matches = underHeading.filter { blocks[$0].indexInSection == locator.index }
        switch matches.count {
        case 1: return .found(matches[0])
        case 0:
            let count = Set(underHeading.map { blocks[$0].indexInSection }).count
            return .missing(
                "that heading has \(count) code block\(count == 1 ? "" : "s") in \(locator.note)", foreign: false)
        default:
            let chapters = Set(matches.map { blocks[$0].chapter?.text ?? "" }).count
            return .missing(
                "\(chapters) headings of \(locator.note) read like that; name the chapter to choose one",
                foreign: false)
        }
    }

    /// Why a locator finds nothing in its note, and where its heading is
    /// instead: a block is bound only in the note the registry names, so a
    /// block moved to another note (or a stranger's note that borrows the
    /// heading) is not bound until the locator's `note` says so.
    /// - Parameter byHeading: ``headingIndex(_:)`` of the blocks.
    private static func whereElse(_ locator: BlockLocator, byHeading: [String: [Int]]) -> Resolution {
        let heading = normalizedSpace(locator.heading)
        var notes: Set<Substring> = []
        var elsewhere: [Substring] = []
        for key in byHeading.keys {
            let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            notes.insert(parts[0])
            if parts.count == 2, parts[1] == heading, parts[0] != locator.note { elsewhere.append(parts[0]) }
        }
        let inNote =
            notes.contains(Substring(locator.note))
            ? noHeading : "the notes folder has no note \(locator.note) with code in it"
        let noteFound = notes.contains(Substring(locator.note))
        guard !elsewhere.isEmpty else { return .missing(inNote, foreign: !noteFound) }
        elsewhere.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let list = elsewhere.prefix(3).joined(separator: ", ") + (elsewhere.count > 3 ? ", …" : "")
        return .missing(
            "\(inNote); that heading has code in \(list): if the block moved there, set the locator's note to it "
                + "and review the block again (a block is bound only in the note the registry names)",
            foreign: false)
    }

    static func normalizedSpace(_ text: String) -> String {
        var text = text
        // Most headings are ASCII and CJK ideographs (U+4000–U+9FFF, lead
        // bytes E4–E9) with single spaces between words: each scalar is a
        // Character, only the spaces are white space, and the text is its
        // own normal form without being split into Characters.
        let settled = text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x21...0x7E: index += 1
                case 0x20:
                    guard index > 0, index + 1 < bytes.count, bytes[index + 1] != 0x20 else { return false }
                    index += 1
                case 0xE4...0xE9: index += 3
                default: return false
                }
            }
            return true
        }
        return settled ? text : text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Where an example was registered, relative to the working directory when possible.
    static func declarationLocation(_ declaration: Example.Declaration) -> SourceLocation {
        SourceLocation(path: DisplayPath.relative(declaration.filePath), line: declaration.line)
    }
}
