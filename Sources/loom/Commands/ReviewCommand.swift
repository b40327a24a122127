import ArgumentParser
import Datasets
import Foundation

/// `loom review DATASET`: the review decisions kept beside a dataset (DIR/.loom/review/), headless: a summary of
/// them, the kept records as JSON lines in the source's schema, or the decision log.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Summarise or export the review decisions kept beside a dataset.",
        discussion: """
            Decisions are an append-only log in DIR/.loom/review/NAME.decisions.jsonl (the dataset itself is never \
            written). A decision whose record changed since it was made is stale: it is reported and not applied. \
            --export-kept writes the records decided keep (with --include-unreviewed also those nobody decided) in \
            the source's schema, as JSON lines or, when OUT ends in .parquet, as Parquet (snappy; a Parquet source \
            keeps its column types); --export-log writes every decision (line, content_hash, decision, score, method, \
            note, time).
            """
    )

    @Argument(help: "The dataset (JSONL, JSON, CSV/TSV, .gz too, or Parquet).")
    var dataset: String

    @Option(name: .customLong("export-kept"), help: "Write the kept records here as JSON lines (Parquet when it ends in .parquet).")
    var exportKept: String?

    @Flag(name: .customLong("include-unreviewed"), help: "With --export-kept: also write the records nobody decided.")
    var includeUnreviewed = false

    @Option(name: .customLong("export-log"), help: "Write the decision log here as JSON lines.")
    var exportLog: String?

    func run() throws {
        let log = try ReviewLog(datasetPath: dataset)
        let opened: Dataset
        do { opened = try Dataset.open(path: dataset) } catch let error as DatasetError { throw ValidationError(error.description) }
        for (option, path) in [("--export-kept", exportKept), ("--export-log", exportLog)] {
            guard let path else { continue }
            try OutputFolderCheck.refuseOverlap(output: path, outputOption: option, inputs: [(dataset, "DATASET")])
        }
        if let exportLog {
            try ReviewExport.log(log, to: URL(fileURLWithPath: exportLog))
            print("wrote \(log.entries.count) decisions to \(exportLog)")
        }
        let out = exportKept.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("loom-review-\(UUID().uuidString).jsonl")
        let summary = try ReviewExport.keptRecords(of: opened, log: log, includeUnreviewed: includeUnreviewed, to: out)
        if exportKept == nil { try? FileManager.default.removeItem(at: out) }
        print("\(summary.kept) kept, \(summary.dropped) dropped, \(summary.unsure) unsure, \(summary.unreviewed) not decided"
            + (summary.staleLines.isEmpty ? "" : "; \(summary.staleLines.count) stale (the record changed since): lines \(summary.staleLines.prefix(20).map(String.init).joined(separator: ", "))"))
        if let exportKept {
            print("wrote \(summary.kept + (includeUnreviewed ? summary.unreviewed : 0)) records to \(exportKept)")
        }
    }
}
