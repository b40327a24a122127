import ArgumentParser
import Foundation
import Runs

/// `loom check`: the pre-flight check of a run's data, or one record as the trainer sees it. Exits 1 when a finding
/// is an error (what also stops `loom train` unless `--force`).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a run's data before training: what would be skipped, cut, never learned or learned twice.",
        discussion: """
            Walks every record of the training (and eval) data the way the trainer does and counts, with line \
            numbers: invalid records, records with no trained token after truncation, truncated records and the \
            trained tokens they lose, records without a trained end-of-sequence token, unknown roles and turns out of \
            order, system prompts the layout drops, duplicates and near-duplicates, eval examples that are also \
            trained, and a prompt layout that does not match the model's chat template. --json prints one object \
            (keys in the README). --show LINE prints the record at that line as the trainer sees it, one JSON line \
            per token.
            """
    )

    @Argument(help: "The run configuration (TOML).")
    var config: String

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .long, help: "Print the record at this line of the training data as the trainer sees it: one JSON line per token.")
    var show: Int?

    func run() throws {
        let check: DataCheck
        do {
            let loaded = try RunConfig.load(path: config)
            _ = try loaded.validated(path: config)
            check = try DataCheck.load(config: loaded)
        } catch let error as RunConfigError {
            throw ValidationError(error.description)
        }
        do {
            if let show {
                let record = try check.show(line: show)
                var out = ""
                for token in record.tokens { out += token.jsonLine + "\n" }
                FileHandle.standardOutput.write(Data(out.utf8))
                var note = "line \(record.line): \(record.tokens.count) tokens, \(record.trainedCount) trained"
                if let cut = record.cutIndex { note += ", cut after \(cut) (data.sequence_length)" }
                if let why = record.skippedBecause { note += "; the trainer skips it: \(why)" }
                FileHandle.standardError.write(Data((note + "\n").utf8))
                return
            }
            let report = try check.run()
            print(json ? report.json() : report.summary())
            if !report.errors.isEmpty { throw ExitCode.failure }
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        } catch let error as ExampleError {
            throw ValidationError("line \(show ?? 0): \(error.message)")
        }
    }
}
