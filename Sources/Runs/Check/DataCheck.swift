import Datasets
import Engine
import Foundation
import Tokenizers

/// `loom check`: every record of a run's training (and eval) data walked the way `TrainingData.load` walks it, with
/// what would silently spoil the run counted by kind and line. The examples come from the same functions the
/// trainer calls (`TrainingData.example`, then `TrainedRecord` over `TrainingData.pad`/`pack`), so a finding is
/// about what is trained, not about a second reading of the data.
public struct DataCheck: Sendable {
    public let config: RunConfig
    public let builder: ExampleBuilder
    /// Ids that end a sequence: the layout's end token and the model's `eos_token_id`s.
    public let endIds: Set<Int32>

    public init(config: RunConfig, builder: ExampleBuilder, modelEndIds: [Int32] = []) {
        self.config = config
        self.builder = builder
        var ends = Set(modelEndIds)
        if let eos = builder.tokenizer.id(for: builder.formatter.eosToken) { ends.insert(Int32(truncatingIfNeeded: eos)) }
        endIds = ends
    }

    /// The check for a configuration: its tokenizer, layout and the base model's end ids.
    public static func load(config: RunConfig) throws -> DataCheck {
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        let ends = (try? ModelConfig(folder: config.baseModelURL))?.endOfSequenceIds ?? []
        return DataCheck(config: config, builder: builder, modelEndIds: ends)
    }

    /// One example kept for the split and the overlap check: where it came from and its fingerprint.
    private struct Seen {
        var line: Int
        var fingerprint: UInt64
    }

    /// Walks all the data. `shouldContinue` is polled every 256 records.
    public func run(shouldContinue: () -> Bool = { true }) throws -> CheckReport {
        var report = CheckReport()
        report.run = TemplateCheck.findings(config: config, formatter: builder.formatter)
        var trainSeen: [Seen] = []
        report.train = try walk(config.trainFileURLs, limit: config.data.maxRecords, seen: &trainSeen,
                                shouldContinue: shouldContinue)
        if !config.data.eval.isEmpty {
            var evalSeen: [Seen] = []
            var eval = try walk(config.evalFileURLs, limit: 0, seen: &evalSeen, shouldContinue: shouldContinue)
            let trained = Set(trainSeen.map(\.fingerprint))
            let file = config.evalFileURLs.first?.lastPathComponent ?? "eval"
            for item in evalSeen where trained.contains(item.fingerprint) {
                eval.findings.append(CheckFinding(kind: .evalOverlap, file: file, line: item.line,
                                                  message: "this eval example is also a training example"))
            }
            report.eval = eval
        } else if config.data.evalFraction > 0, trainSeen.count >= 2 {
            // The split `TrainingData.load` makes, on stand-ins that carry the line (the split looks at count only).
            let standIns = trainSeen.enumerated().map { TokenizedExample(ids: [], learned: [], line: $0.offset) }
            let (train, eval) = TrainingData.split(standIns, fraction: config.data.evalFraction, seed: UInt64(config.seed))
            let trained = Set(train.map { trainSeen[$0.line].fingerprint })
            let file = config.trainFileURLs.first?.lastPathComponent ?? "train"
            for standIn in eval where trained.contains(trainSeen[standIn.line].fingerprint) {
                report.train.findings.append(CheckFinding(kind: .evalOverlap, file: file, line: trainSeen[standIn.line].line,
                                                          message: "held out for eval, but a duplicate of it is trained"))
            }
        }
        escalate(&report.train)
        if report.eval != nil { escalate(&report.eval!) }
        return report
    }

    /// What is wrong with the whole data set, not with some records, is an error: nothing usable, nothing learned,
    /// or no trained example that ends (so the model never learns to stop); and invalid records when the run is
    /// set to fail on them.
    private func escalate(_ counts: inout CheckCounts) {
        let usable = counts.records - counts.count(.invalid)
        if counts.records > 0, usable == 0 { counts.escalate(.invalid, to: .error) }
        if config.data.badRecords == .fail { counts.escalate(.invalid, to: .error) }
        if usable > 0, counts.count(.zeroTrainable) >= usable { counts.escalate(.zeroTrainable, to: .error) }
        let learning = usable - counts.count(.zeroTrainable)
        if learning > 0, counts.count(.missingEOS) >= learning { counts.escalate(.missingEOS, to: .error) }
    }

    private func walk(_ urls: [URL], limit: Int, seen: inout [Seen], shouldContinue: () -> Bool) throws -> CheckCounts {
        var counts = CheckCounts()
        var exact: [UInt64: Int] = [:]
        var near: [UInt64: Int] = [:]
        try TrainingData.forEachRecord(in: urls, limit: limit, shouldContinue: shouldContinue) { url, record in
            counts.records += 1
            check(record, file: url.lastPathComponent, counts: &counts, exact: &exact, near: &near, seen: &seen)
        }
        return counts
    }

    private func check(_ record: Record, file: String, counts: inout CheckCounts, exact: inout [UInt64: Int],
                       near: inout [UInt64: Int], seen: inout [Seen]) {
        let line = record.line
        func add(_ kind: CheckKind, _ message: String) {
            counts.findings.append(CheckFinding(kind: kind, file: file, line: line, message: message))
        }
        var value: JSONValue?
        if case .value(let v) = record.content, config.data.format == .chat {
            value = v
            if let roles = ConversationRoles.problems(v, column: config.data.messagesColumn) {
                if !roles.unknown.isEmpty {
                    add(.unknownRoles, "unknown role\(roles.unknown.count == 1 ? "" : "s") "
                        + roles.unknown.map { "'\($0)'" }.joined(separator: ", ") + "; expected system, user or assistant")
                }
                if let order = roles.order { add(.roleOrder, order) }
            }
        } else if case .value(let v) = record.content {
            value = v
        }
        let example: TokenizedExample
        do {
            example = try TrainingData.example(from: record, builder: builder)
        } catch let error as ExampleError {
            // A record that renders but learns nothing (an empty reply) is not a format problem: say what it is.
            if let value, let rendered = try? builder.rendered(from: value, line: line), !rendered.learned.contains(true) {
                add(.zeroTrainable, "no token is learned (empty reply?)")
            } else {
                add(.invalid, error.message)
            }
            return
        } catch {
            add(.invalid, "\(error)")
            return
        }
        counts.examples += 1
        let seenRecord = TrainedRecord.make(example: example, builder: builder, withText: false)
        let trained = seenRecord.trainedCount
        counts.tokens += example.ids.count
        counts.trainableTokens += trained
        if let cut = seenRecord.cutIndex {
            let lost = example.learned[cut...].filter { $0 }.count
            counts.truncatedTokensLost += lost
            add(.truncated, "\(example.ids.count) tokens cut to \(config.data.sequenceLength); \(lost) trained token\(lost == 1 ? "" : "s") lost")
        }
        if trained == 0 {
            add(.zeroTrainable, "no learned token within data.sequence_length = \(config.data.sequenceLength)")
        } else if !seenRecord.tokens.contains(where: { $0.trained && endIds.contains($0.id) }) {
            add(.missingEOS, "no end-of-sequence token (\(builder.formatter.eosToken)) is trained"
                + (seenRecord.cutIndex != nil ? " (it was cut off)" : ""))
        }
        // The decoded example, made once and only when a check below needs it.
        var decodedText: String?
        func decoded() -> String {
            if let decodedText { return decodedText }
            let text = builder.tokenizer.decode(example.ids.map { UInt32(bitPattern: $0) })
            decodedText = text
            return text
        }
        if let value, config.data.format != .text, let messages = try? builder.messages(from: value) {
            let systems = messages.filter { $0.role == "system" }
                .map { $0.content.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if !systems.isEmpty {
                let text = decoded()
                if systems.contains(where: { !text.contains($0) }) {
                    add(.systemDropped, "the \(builder.formatter.format.rawValue) layout leaves the system prompt out")
                }
            }
        }
        let fingerprint = TextFingerprint.of(ids: example.ids, learned: example.learned)
        seen.append(Seen(line: line, fingerprint: fingerprint))
        if let first = exact[fingerprint] {
            add(.duplicates, "the same example as line \(first)")
        } else {
            exact[fingerprint] = line
            let key = TextFingerprint.of(TextFingerprint.normalised(decoded()))
            if let first = near[key] {
                add(.nearDuplicates, "the same text as line \(first) up to case, punctuation and spacing")
            } else {
                near[key] = line
            }
        }
    }

    /// The record that starts at `line` of the training files (the line numbers the findings report), as the
    /// trainer sees it.
    public func show(line: Int) throws -> TrainedRecord {
        for url in config.trainFileURLs {
            let dataset: Dataset
            do { dataset = try Dataset.open(url) } catch let error as DatasetError {
                throw RunFolderError(path: url.path, reason: error.description)
            }
            dataset.waitUntilIndexed()
            for row in 0..<dataset.rowCount {
                let record: Record
                do { record = try dataset.record(at: row) } catch let error as DatasetError {
                    throw RunFolderError(path: url.path, reason: error.description)
                }
                if record.line == line { return try TrainedRecord.make(record: record, builder: builder) }
                if record.line > line { break }
            }
        }
        throw RunFolderError(path: config.trainFileURLs.first?.path ?? "data.train", reason: "no record starts at line \(line)")
    }
}
