import ArgumentParser
import Curation
import Foundation

/// `loom curate INPUT… --out DIR`: FineWeb-style filtering (Gopher repetition, Gopher quality, FineWeb quality, with
/// datatrove's FineWeb thresholds), keeping every dropped document with the rule and value that dropped it.
struct CurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Filter web text as FineWeb did; write kept.jsonl, dropped.jsonl (with why) and summary.json.",
        discussion: """
        Filters, in order: Gopher repetition (duplicate paragraphs/lines by count 0.3 and characters 0.2; top 2/3/4-gram \
        0.20/0.18/0.16; duplicated 5…10-grams 0.15…0.10), Gopher quality (50…100k words, mean word length 3…10, \
        # and ellipses ≤ 0.1 per word, bullet lines ≤ 0.9, ellipsis lines ≤ 0.3, words with a letter ≥ 0.8, ≥ 2 stop \
        words) and FineWeb quality (line-ending punctuation < 0.12, short \
        lines > 0.67, duplicated-line characters > 0.01, newlines per word > 0.3). Kept documents have e-mail and \
        public IPv4 addresses masked (--keep-pii to leave them). Inputs are any dataset Loom reads \
        (JSONL, CSV, Parquet, …); records without a string in --field are counted as skipped.
        """
    )

    @Argument(help: "Dataset files.")
    var inputs: [String]

    @Option(name: .long, help: "Output folder (created).")
    var out: String

    @Option(name: .long, help: "The text field.")
    var field: String = "text"

    @Flag(name: .customLong("keep-pii"), help: "Leave e-mail and IPv4 addresses in kept documents.")
    var keepPII = false

    func run() throws {
        var run = CurateRun()
        run.field = field
        run.masksPII = !keepPII
        let summary = try run.run(inputs: inputs, folder: URL(fileURLWithPath: out))
        print("\(summary.documents) documents: \(summary.kept) kept, \(summary.dropped) dropped, \(summary.skipped) skipped")
        for drop in summary.drops { print("  \(drop.filter) \(drop.rule): \(drop.count)") }
        if !keepPII { print("masked in kept documents: \(summary.emailsMasked) e-mail, \(summary.ipsMasked) IPv4 addresses") }
        print("wrote \(out)/kept.jsonl, dropped.jsonl, summary.json")
    }
}
