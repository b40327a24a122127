import ArgumentParser
import Curation
import Foundation
import Support

/// `loom curate INPUT… --out DIR [--config CURATE.toml]`: FineWeb-style filtering and MinHash deduplication, keeping
/// every dropped document with the rule and value that dropped it. Runs in the background with a progress line on
/// standard error; Ctrl-C checkpoints and stops, and the same command continues the run.
struct CurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Filter and deduplicate web text as FineWeb did; write kept.jsonl, dropped.jsonl (with why) and summary.json.",
        discussion: """
        Filters, in order, with datatrove's FineWeb settings: Gopher repetition (duplicate paragraphs/lines by count \
        0.3 and characters 0.2; top 2/3/4-gram 0.20/0.18/0.16; duplicated 5…10-grams 0.15…0.10), Gopher quality \
        (50…100k words, mean word length 3…10, # and ellipses ≤ 0.1 per word, bullet lines ≤ 0.9, ellipsis lines \
        ≤ 0.3, words with a letter ≥ 0.8, ≥ 2 stop words), C4 line rules (lines with < 3 words, "javascript" or \
        cookie/terms phrases removed, citations removed; "lorem ipsum", "{" or < 5 sentences drop the document), \
        FineWeb quality (line-ending punctuation < 0.12, short lines > 0.67, duplicated-line characters > 0.01, \
        newlines per word > 0.3), then MinHash deduplication (word 5-grams, 14 bands × 8 hashes; one document kept \
        per cluster). Every threshold can be set in a CURATE.toml (--print-config writes the defaults). Kept \
        documents have e-mail and public IPv4 addresses masked. Inputs are any dataset Loom reads (JSONL, CSV, \
        Parquet, …). The run checkpoints to DIR/curate-state.json; rerunning the same command continues it.
        """
    )

    @Argument(help: "Dataset files.")
    var inputs: [String] = []

    @Option(name: .long, help: "Output folder (created).")
    var out: String?

    @Option(name: .long, help: "CURATE.toml with thresholds and settings.")
    var config: String?

    @Option(name: .long, help: "The text field (overrides the config's input.field).")
    var field: String?

    @Option(name: .customLong("memory-mb"), help: "Memory for MinHash signatures before spilling to disk (overrides run.memory_mb).")
    var memoryMegabytes: Int?

    @Flag(name: .customLong("keep-pii"), help: "Leave e-mail and IPv4 addresses in kept documents.")
    var keepPII = false

    @Flag(name: .long, help: "Start over even if the output folder holds a checkpoint.")
    var restart = false

    @Flag(name: .customLong("print-config"), help: "Print the resolved configuration as CURATE.toml and exit.")
    var printConfig = false

    func resolvedConfig() throws -> CurateConfig {
        var resolved = CurateConfig()
        if let config {
            let text: String
            do { text = try String(contentsOfFile: config, encoding: .utf8) } catch {
                throw ValidationError("cannot read --config \(config): \(error.localizedDescription)")
            }
            resolved = try CurateConfig(toml: text, path: config)
        }
        if let field { resolved.field = field }
        if let memoryMegabytes {
            guard memoryMegabytes >= 1 else { throw ValidationError("--memory-mb must be at least 1") }
            resolved.memoryMegabytes = memoryMegabytes
        }
        if keepPII { resolved.masksPII = false }
        return resolved
    }

    func run() throws {
        let resolved = try resolvedConfig()
        if printConfig {
            print(resolved.text, terminator: "")
            return
        }
        guard let out else { throw ValidationError("missing --out DIR") }
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
        try OutputFolderCheck.refuseOverlap(output: out, outputOption: "--out", inputs: inputs.map { ($0, "input") })
        var curate = CurateRun(config: resolved)
        curate.restart = restart
        let inputs = self.inputs
        let folder = URL(fileURLWithPath: out)
        let task = BackgroundTask<CurateRun.Progress, CurateSummary>(name: "loom-curate", initial: CurateRun.Progress()) { context in
            try curate.run(inputs: inputs, folder: folder, progress: { context.report($0) }, isCancelled: { context.isCancelled })
        }
        let signals = SignalWatch(signals: [SIGINT, SIGTERM]) { name in
            FileHandle.standardError.write(Data("\n\(name): checkpointing; run the same command again to continue\n".utf8))
            task.cancel()
        }
        defer { signals.cancel() }
        // The progress line redraws itself, so it goes only to a terminal.
        let interactive = isatty(STDERR_FILENO) != 0
        var shown: CurateRun.Progress?
        while !task.wait(timeout: 0.5) {
            let now = task.progress
            if interactive && now != shown { Self.show(now) }
            shown = now
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        switch task.result {
        case .failure(let error) where error is CancellationError:
            print("stopped; \(out)/\(CurateRun.stateFileName) holds the checkpoint")
            throw ExitCode(130)
        case .failure(let error):
            throw error
        case .success(let summary):
            print("\(summary.documents) documents: \(summary.kept) kept, \(summary.dropped) dropped, \(summary.skipped) skipped")
            for drop in summary.orderedDrops { print("  \(drop.filter) \(drop.rule): \(drop.count)") }
            if resolved.pipeline.deduplicates { print("  minhash: \(summary.duplicates) duplicates in \(summary.clusters) clusters") }
            if resolved.masksPII { print("masked in kept documents: \(summary.emailsMasked) e-mail, \(summary.ipsMasked) IPv4 addresses") }
            print("wrote \(out)/kept.jsonl, dropped.jsonl, summary.json")
        case nil:
            break
        }
    }

    static func show(_ progress: CurateRun.Progress) {
        var line = "\r\u{1B}[K\(progress.phase.rawValue): \(progress.records) records, \(progress.kept) kept, \(progress.dropped) dropped"
        if let resumed = progress.resumedAt { line += " (continued after record \(resumed))" }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
