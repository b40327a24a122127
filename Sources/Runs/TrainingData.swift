import Datasets
import Engine
import Foundation
import Synchronization

/// One fixed-length row of training input: `tokens` and the id each position's loss learns there (`labels`, -100
/// where masked or padded), before the causal shift.
public struct TrainingSequence: Sendable, Equatable {
    public var tokens: [Int32]
    public var labels: [Int32]
}

/// What loading the data found, for the log and the run summary.
public struct DataReport: Sendable, Equatable {
    public var records = 0
    public var trainExamples = 0
    public var evalExamples = 0
    /// Examples longer than the sequence length (their end was cut).
    public var truncatedExamples = 0
    public var skipped: [RecordProblem] = []
    public var trainSequences = 0
    public var evalSequences = 0
    public var trainTokens = 0
    /// Sequences dropped because their learned tokens lay beyond the sequence length.
    public var sequencesWithoutTargets = 0
}

/// The examples of a run as fixed-length sequences, split into train and eval deterministically from the seed,
/// and the micro-batch for any position in the run: micro-batch `g` of the run is batch `g mod perEpoch` of epoch
/// `g / perEpoch`, each epoch visiting the training sequences in its own seeded order. So the data position is one
/// integer, and a resumed run sees exactly the batches an uninterrupted one would.
public final class TrainingData: Sendable {
    public let sequenceLength: Int
    public let batchSize: Int
    public let seed: UInt64
    public let train: [TrainingSequence]
    public let eval: [TrainingSequence]
    public let report: DataReport
    private let vocabSize: Int
    private let maxPositions: Int
    /// The visiting order of the latest epoch asked for.
    private let cachedOrder = Mutex<(epoch: Int, order: [Int])>((-1, []))

    /// Micro-batches in one epoch (the last one wraps to the epoch's first sequences to fill up).
    public var microBatchesPerEpoch: Int { max(1, (train.count + batchSize - 1) / batchSize) }

    /// The optimizer steps of a run on this data: `max_steps` when set, else whole epochs of accumulated micro-batches.
    public func totalSteps(_ training: RunConfig.Training) -> Int {
        let accumulation = training.gradientAccumulation
        let stepsPerEpoch = (microBatchesPerEpoch + accumulation - 1) / accumulation
        return training.maxSteps > 0 ? training.maxSteps : training.epochs * stepsPerEpoch
    }

    public init(train: [TrainingSequence], eval: [TrainingSequence], report: DataReport, sequenceLength: Int,
                batchSize: Int, seed: UInt64, vocabSize: Int, maxPositions: Int) {
        self.train = train
        self.eval = eval
        self.report = report
        self.sequenceLength = sequenceLength
        self.batchSize = batchSize
        self.seed = seed
        self.vocabSize = vocabSize
        self.maxPositions = maxPositions
    }

    /// The records of a run's data files, read the one way that training and `loom check` read them: each file opened
    /// and indexed through the Datasets readers; a file cut short (a gzip stream without its end, a file truncated
    /// while read) stops the reading, because going on with the records before the cut would be silent data loss;
    /// at most `limit` records in all (0: no limit); `shouldContinue` polled every 256 records.
    static func forEachRecord(in urls: [URL], limit: Int, shouldContinue: () -> Bool,
                              _ body: (URL, Record) throws -> Void) throws {
        var read = 0
        for url in urls {
            let dataset: Dataset
            do { dataset = try Dataset.open(url) } catch let error as DatasetError {
                throw RunFolderError(path: url.path, reason: error.description)
            }
            dataset.waitUntilIndexed()
            if let failure = dataset.progress.failure {
                throw RunFolderError(path: url.path, reason: "\(failure.description) — only \(dataset.rowCount) records could be read; fix the file before training on it")
            }
            for row in 0..<dataset.rowCount {
                if limit > 0 && read >= limit { return }
                if row % 256 == 0 && !shouldContinue() { throw CancellationError() }
                let record: Record
                do { record = try dataset.record(at: row) } catch let error as DatasetError {
                    throw RunFolderError(path: url.path, reason: error.description)
                }
                read += 1
                try body(url, record)
            }
        }
    }

    /// Reads every record of the configured files, builds examples (or takes them from the tokenized-data cache when
    /// nothing they depend on changed), splits and packs or pads them.
    /// `shouldContinue` is polled between records so a stop during loading is honoured.
    public static func load(config: RunConfig, builder: ExampleBuilder, vocabSize: Int, maxPositions: Int, padId: Int32,
                            shouldContinue: () -> Bool = { true }) throws -> TrainingData {
        var report = DataReport()
        func examples(from urls: [URL], limit: Int) throws -> [TokenizedExample] {
            let cache = try TokenizedDataCache(urls: urls, limit: limit, data: config.data, builder: builder,
                                               tokenizerFolder: config.tokenizerFolderURL, shouldContinue: shouldContinue)
            if let cached = cache?.load() {
                if config.data.badRecords == .fail, let problem = cached.skipped.first { throw problem }
                report.records += cached.records
                report.skipped += cached.skipped
                return cached.examples
            }
            var walked = TokenizedDataCache.Entry(records: 0, skipped: [], examples: [])
            try forEachRecord(in: urls, limit: limit, shouldContinue: shouldContinue) { url, record in
                walked.records += 1
                do {
                    walked.examples.append(try example(from: record, builder: builder))
                } catch let error as ExampleError {
                    let problem = RecordProblem(file: url.lastPathComponent, line: record.line, message: error.message)
                    if config.data.badRecords == .fail { throw problem }
                    walked.skipped.append(problem)
                }
            }
            cache?.store(walked)
            report.records += walked.records
            report.skipped += walked.skipped
            return walked.examples
        }
        var trainExamples = try examples(from: config.trainFileURLs, limit: config.data.maxRecords)
        var evalExamples: [TokenizedExample] = []
        if !config.data.eval.isEmpty {
            evalExamples = try examples(from: config.evalFileURLs, limit: 0)
        } else if config.data.evalFraction > 0, trainExamples.count >= 2 {
            (trainExamples, evalExamples) = split(trainExamples, fraction: config.data.evalFraction, seed: UInt64(config.seed))
        }
        guard !trainExamples.isEmpty else {
            throw RunFolderError(path: config.trainFileURLs.first?.path ?? "data.train",
                                 reason: "no usable training examples (\(report.skipped.count) records skipped); check data.format and the column names")
        }
        let length = config.data.sequenceLength
        report.truncatedExamples = (trainExamples + evalExamples).filter { $0.ids.count > length }.count
        report.trainExamples = trainExamples.count
        report.evalExamples = evalExamples.count
        // A sequence whose learned tokens were all cut off teaches nothing (position 0 is never a target).
        func learns(_ s: TrainingSequence) -> Bool { s.labels.dropFirst().contains { $0 != TokenBatch.ignoreIndex } }
        var trainSequences = config.data.packing ? pack(trainExamples, length: length, padId: padId)
            : trainExamples.map { pad($0, length: length, padId: padId) }
        var evalSequences = config.data.packing ? pack(evalExamples, length: length, padId: padId)
            : evalExamples.map { pad($0, length: length, padId: padId) }
        let before = trainSequences.count + evalSequences.count
        trainSequences = trainSequences.filter(learns)
        evalSequences = evalSequences.filter(learns)
        report.sequencesWithoutTargets = before - trainSequences.count - evalSequences.count
        guard !trainSequences.isEmpty else {
            throw RunFolderError(path: config.trainFileURLs.first?.path ?? "data.train",
                                 reason: "no training sequence has a learned token within data.sequence_length = \(length) "
                                    + "(the prompts are longer); raise data.sequence_length or shorten the prompts")
        }
        report.trainSequences = trainSequences.count
        report.evalSequences = evalSequences.count
        report.trainTokens = trainSequences.reduce(0) { $0 + $1.labels.dropFirst().filter { $0 != TokenBatch.ignoreIndex }.count }
        return TrainingData(train: trainSequences, eval: evalSequences, report: report, sequenceLength: length,
                            batchSize: config.training.batchSize, seed: UInt64(config.seed), vocabSize: vocabSize,
                            maxPositions: maxPositions)
    }

    /// The example the run trains on for one record (`loom check --show` and the lens read it from here too).
    public static func example(from record: Record, builder: ExampleBuilder) throws -> TokenizedExample {
        switch record.content {
        case .malformed(_, let problem): throw ExampleError("not a valid record: \(problem)")
        case .value(let value): return try builder.example(from: value, line: record.line)
        }
    }

    /// Holds out `fraction` of the examples (at least one) chosen by a seeded shuffle; both parts keep file order.
    public static func split(_ examples: [TokenizedExample], fraction: Double, seed: UInt64)
        -> (train: [TokenizedExample], eval: [TokenizedExample]) {
        let evalCount = min(examples.count - 1, max(1, Int((Double(examples.count) * fraction).rounded())))
        var generator = SeededGenerator(seed: seed ^ 0x5EED_0000_5B11_7000)
        let order = permutation(examples.count, using: &generator)
        let held = Set(order.prefix(evalCount))
        var train: [TokenizedExample] = [], eval: [TokenizedExample] = []
        for (i, example) in examples.enumerated() {
            if held.contains(i) { eval.append(example) } else { train.append(example) }
        }
        return (train, eval)
    }

    /// One example per sequence: cut to `length`, padded with `padId` (padding never learned).
    public static func pad(_ example: TokenizedExample, length: Int, padId: Int32) -> TrainingSequence {
        var tokens = [Int32](repeating: padId, count: length)
        var labels = [Int32](repeating: TokenBatch.ignoreIndex, count: length)
        for i in 0..<min(length, example.ids.count) {
            tokens[i] = example.ids[i]
            labels[i] = example.learned[i] ? example.ids[i] : TokenBatch.ignoreIndex
        }
        return TrainingSequence(tokens: tokens, labels: labels)
    }

    /// Examples end to end, cut into sequences of `length` (the last padded). Each example keeps its own mask; an
    /// example may continue into the next sequence.
    public static func pack(_ examples: [TokenizedExample], length: Int, padId: Int32) -> [TrainingSequence] {
        var out: [TrainingSequence] = []
        var tokens: [Int32] = [], labels: [Int32] = []
        tokens.reserveCapacity(length)
        for example in examples {
            for i in 0..<example.ids.count {
                tokens.append(example.ids[i])
                labels.append(example.learned[i] ? example.ids[i] : TokenBatch.ignoreIndex)
                if tokens.count == length {
                    out.append(TrainingSequence(tokens: tokens, labels: labels))
                    tokens.removeAll(keepingCapacity: true)
                    labels.removeAll(keepingCapacity: true)
                }
            }
        }
        if !tokens.isEmpty {
            let fill = length - tokens.count
            out.append(TrainingSequence(tokens: tokens + [Int32](repeating: padId, count: fill),
                                        labels: labels + [Int32](repeating: TokenBatch.ignoreIndex, count: fill)))
        }
        return out
    }

    /// A seeded Fisher–Yates permutation of 0..<count (the same on every platform, unlike `shuffle()`).
    public static func permutation(_ count: Int, using generator: inout SeededGenerator) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// The order in which epoch `epoch` visits the training sequences.
    public func order(epoch: Int) -> [Int] {
        let (seed, count) = (seed, train.count)
        return cachedOrder.withLock { cached in
            if epoch != cached.epoch {
                var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
                cached = (epoch, TrainingData.permutation(count, using: &generator))
            }
            return cached.order
        }
    }

    /// Indices of the training sequences in micro-batch `index` of the run.
    public func sequenceIndices(microBatch index: Int) -> [Int] {
        let perEpoch = microBatchesPerEpoch
        let order = self.order(epoch: index / perEpoch)
        let start = (index % perEpoch) * batchSize
        return (0..<batchSize).map { order[(start + $0) % order.count] }
    }

    /// Micro-batch `index` of the run, as next-token targets.
    public func trainBatch(microBatch index: Int) throws -> TokenBatch {
        try batch(sequenceIndices(microBatch: index).map { train[$0] })
    }

    /// Eval micro-batch `index` (the last one padded with fully masked rows).
    public func evalBatch(_ index: Int) throws -> TokenBatch {
        let rows = (0..<batchSize).map { i -> TrainingSequence in
            let k = index * batchSize + i
            if k < eval.count { return eval[k] }
            return TrainingSequence(tokens: [Int32](repeating: eval[0].tokens[0], count: sequenceLength),
                                    labels: [Int32](repeating: TokenBatch.ignoreIndex, count: sequenceLength))
        }
        return try batch(rows)
    }

    public var evalBatchCount: Int { (eval.count + batchSize - 1) / batchSize }

    private func batch(_ rows: [TrainingSequence]) throws -> TokenBatch {
        try TokenBatch.causal(tokens: rows.flatMap(\.tokens), labels: rows.flatMap(\.labels), batch: rows.count,
                              sequenceLength: sequenceLength, vocabSize: vocabSize, maxPositions: maxPositions)
    }
}
