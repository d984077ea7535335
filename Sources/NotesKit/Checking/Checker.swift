import ExampleKit
import Foundation

/// Judges each block from its binding and its examples' runs.
enum Checker {
    /// - Parameters:
    ///   - outcomes: Run outcomes by example id. An example without one is
    ///     reported as not run.
    static func check(_ binding: Binding, outcomes: [String: RunOutcome]) -> CheckReport {
        let documents = Dictionary(binding.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let blocks = binding.blocks.map { block in
            checkBlock(block, outcomes: outcomes, document: documents[block.path])
        }
        return CheckReport(blocks: blocks, diagnostics: binding.diagnostics)
    }

    static func checkBlock(_ block: BoundBlock, outcomes: [String: RunOutcome], document: Document?) -> BlockReport {
        var report = BlockReport(
            path: block.path, line: block.block.line, endLine: block.block.endLine,
            language: block.block.language, lineCount: block.block.lineCount, ordinal: block.ordinal,
            section: block.section?.text, anchor: block.section?.anchor, fingerprint: block.fingerprint,
            examples: [], waiver: block.waiver?.reason, status: .passed, reason: nil, seconds: 0, diagnostics: [])
        let location = block.location
        let language = block.block.language.isEmpty ? "code" : block.block.language

        guard !block.examples.isEmpty else {
            if let waiver = block.waiver {
                report.status = .waived
                report.reason = waiver.reason
            } else {
                report.status = .unmapped
                report.reason = "no example implements this block"
                report.diagnostics.append(
                    .error(
                        "\(language) block has no example (unmapped); register a port for \(block.locator), or waive it with a reason",
                        at: location))
            }
            return report
        }

        let context = ClaimContext(block: block, document: document)
        for example in block.examples {
            let (exampleReport, diagnostics) = ExampleJudge.judge(
                example, outcomes[example.id], at: location, claims: context)
            report.examples.append(exampleReport)
            report.diagnostics += diagnostics
            report.seconds += exampleReport.run?.seconds ?? 0
        }
        for example in block.staleExamples {
            report.diagnostics.insert(
                .error(
                    "block changed since example '\(example.id)' was reviewed (stale): its fingerprint is now \(block.fingerprint), the registry has \(example.fingerprint)",
                    at: location,
                    details: [
                        "review \(DisplayPath.relative(example.sourcePath)) against the block, then run `notes check --update-fingerprints`"
                    ]),
                at: 0)
        }

        let staleIDs = Set(block.staleExamples.map(\.id))
        for index in report.examples.indices where staleIDs.contains(report.examples[index].id) {
            report.examples[index].stale = true
        }
        if let stale = block.staleExamples.first {
            report.status = .stale
            report.reason = "the block changed since example '\(stale.id)' was reviewed"
        } else {
            let statuses = report.examples.map(\.status)
            let worst: [CheckStatus] = [.timeout, .crashed, .failed]
            report.status = worst.first(where: statuses.contains) ?? .passed
            report.reason = report.examples.first { $0.status == report.status }?.reason
        }
        return report
    }
}

/// Where a claim's quote may be found: the block and its section.
struct ClaimContext {
    let text: String

    init(block: BoundBlock?, document: Document? = nil) {
        guard let block, let document else {
            text = block?.block.code ?? ""
            return
        }
        let start = block.section?.line ?? 1
        let end = document.headings.first { $0.line > start }?.line ?? Int.max
        let lines = SourceLines(document.text)
        text = (start..<min(end, lines.count + 1)).map { String(lines.line($0)) }.joined(separator: "\n")
    }

    /// Whether `quote` appears, ignoring whitespace.
    func contains(_ quote: String) -> Bool {
        let squeeze = { (text: String) in String(text.unicodeScalars.filter { !$0.properties.isWhitespace }) }
        return squeeze(text).contains(squeeze(quote))
    }
}
