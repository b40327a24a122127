import ArgumentParser
import Datasets
import Foundation

/// `loom review DATASET`: the workbench's Review section on a dataset; headless (with an export flag, `--summary`,
/// or without a terminal): a summary of the decisions kept beside it (DIR/.loom/review/), the kept records as JSON
/// lines in the source's schema, or the decision log.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a dataset for machine-generated text in the workbench, or export the decisions.",
        discussion: """
            Without an export flag this opens the workbench's Review section (key 4) on DATASET, scoring --field \
            (default: text, else the longest text column) with the model-free detector. \
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

    @Option(name: .long, help: "The column that holds the text to score (default: text, else the longest text column).")
    var field: String?

    @Flag(name: .long, help: "Print the summary of the decisions instead of opening the workbench.")
    var summary = false

    @Option(help: "A theme name from Themes/ (dark, light, high-contrast) or a path to a .theme file.")
    var theme: String?

    @Flag(help: "Draw borders and charts with ASCII only.")
    var ascii = false

    func run() throws {
        let headless = summary || exportKept != nil || exportLog != nil || isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0
        if !headless {
            // A dataset that cannot be read is an error here, not an empty section.
            do { try Dataset.open(path: dataset).cancelIndexing() } catch let error as DatasetError {
                throw ValidationError(error.description)
            }
            try WorkbenchLaunch.run(paths: [dataset], theme: theme, ascii: ascii) { app in
                app.openReview(path: dataset, field: field)
            }
            return
        }
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
            print("wrote \(summary.written) records to \(exportKept)")
        }
    }
}
