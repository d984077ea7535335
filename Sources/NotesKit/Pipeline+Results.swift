public import ExampleKit
public import Foundation

extension Pipeline {
    /// Renders the site from the results of earlier checks (`notes build
    /// --results`: the merged JSON reports of a CI matrix's shards) and
    /// writes it to `output`, running nothing: parse → bind → match the
    /// results to the blocks → render → write.
    ///
    /// The results must be of these notes and this registry, whole: every
    /// block needs its result, checked against its current text, with the
    /// examples the registry binds to it now. Otherwise nothing is written
    /// and the error names the blocks (a shard's report left out, a note
    /// edited since the check): a site that showed them as not run would
    /// pass for a checked one.
    /// - Parameter results: From ``ReportMerge/merge(files:)``.
    /// - Returns: The report the site shows, and how many files the site has.
    /// - Throws: ``ConfigurationError`` for results that do not fit the notes.
    public static func build(
        notes: String, registry: ExampleRegistry, results: CheckReport, output: SiteWriter, options: SiteOptions,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> (report: CheckReport, written: SiteBuilder.WriteSummary) {
        try output.validate()
        let binding = try bind(notes: notes, registry: registry)  // parse, bind
        let report = try results.aligned(to: binding)  // instead of run and check
        let written = try SiteBuilder.write(  // render, write
            binding: consume binding, report: report, options: options, to: output, jobs: jobs,
            tool: rendererIdentity(cache: nil))
        return (report, written)
    }
}

extension CheckReport {
    /// These results, block for block in the order of `binding`'s blocks.
    /// - Throws: ``ConfigurationError/results(path:reason:)`` for a block
    ///   with no result, a result of another text of its block or of other
    ///   examples, a result of no block, or another registry.
    func aligned(to binding: Binding) throws(ConfigurationError) -> CheckReport {
        func fail(_ reason: String) -> ConfigurationError { .results(path: "--results", reason: reason) }
        func list(_ places: [String]) -> String {
            places.prefix(5).joined(separator: ", ") + (places.count > 5 ? ", …" : "")
        }
        var byKey: [String: BlockReport] = [:]
        for block in blocks { byKey["\(block.path)#\(block.ordinal)"] = block }
        var aligned: [BlockReport] = []
        var missing: [String] = []
        for bound in binding.blocks {
            let place = "\(bound.path):\(bound.block.line)"
            guard let result = byKey.removeValue(forKey: bound.key) else {
                missing.append(place)
                continue
            }
            guard result.fingerprint == bound.fingerprint, result.line == bound.block.line else {
                throw fail(
                    "\(place) changed since it was checked (the results have the block of fingerprint "
                        + "\(result.fingerprint) at line \(result.line), the notes now \(bound.fingerprint)): check again"
                )
            }
            let checked = result.examples.map(\.id)
            let bound = bound.examples.map(\.id)
            guard checked == bound else {
                throw fail(
                    "\(place) was checked with the examples [\(checked.joined(separator: ", "))], but the registry "
                        + "binds [\(bound.joined(separator: ", "))] to it (a check limited by --example?)")
            }
            aligned.append(result)
        }
        guard missing.isEmpty else {
            throw fail(
                "no result for \(missing.count) block\(missing.count == 1 ? "" : "s") of the notes: \(list(missing)); "
                    + "give the report of every shard")
        }
        if !byKey.isEmpty {
            let extra = byKey.values.sorted { ($0.path, $0.line) < ($1.path, $1.line) }.map { "\($0.path):\($0.line)" }
            throw fail("the results hold \(list(extra)), which the notes no longer have: check again")
        }
        if let bindingDigest, bindingDigest != binding.digest {
            throw fail(
                "the results were checked against another registry (its examples, waivers or reviews differ): "
                    + "check again")
        }
        var report = self
        report.blocks = aligned
        report.shard = nil
        return report
    }
}
