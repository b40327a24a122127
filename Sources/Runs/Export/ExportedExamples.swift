import Engine
import Foundation

/// The data files of an export, written from the `TrainingData` Loom's trainer consumes (never re-rendered).
enum ExportedExamples {
    /// One JSON object per line: the train sequences (index order), then the eval sequences. `labels` are the ids
    /// learned at each position before the causal shift (transformers shifts them inside the model, as Loom does),
    /// -100 where masked or padded.
    static func examplesJSONL(_ data: TrainingData) -> Data {
        var out = [UInt8]()
        out.reserveCapacity((data.train.count + data.eval.count) * (data.sequenceLength * 12 + 64))
        func ints(_ values: [Int32]) {
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: String(value).utf8)
            }
            out.append(UInt8(ascii: "]"))
        }
        for (split, sequences) in [("train", data.train), ("eval", data.eval)] {
            for (index, sequence) in sequences.enumerated() {
                out.append(contentsOf: "{\"split\":\"\(split)\",\"index\":\(index),\"input_ids\":".utf8)
                ints(sequence.tokens)
                out.append(contentsOf: ",\"labels\":".utf8)
                ints(sequence.labels)
                out.append(contentsOf: "}\n".utf8)
            }
        }
        return Data(out)
    }

    /// The train sequence index of every row of micro-batches 0..<microBatches, in the order Loom's trainer visits
    /// them (`TrainingData.sequenceIndices`): train.py reads its training set in this order, without shuffling.
    static func trainOrderJSON(_ data: TrainingData, microBatches: Int) -> Data {
        var text = "["
        text.reserveCapacity(microBatches * data.batchSize * 5 + 2)
        for batch in 0..<microBatches {
            for (i, index) in data.sequenceIndices(microBatch: batch).enumerated() {
                if batch > 0 || i > 0 { text += "," }
                text += String(index)
            }
        }
        text += "]\n"
        return Data(text.utf8)
    }

    /// What train.py needs besides the constants at its top: the learned-token count of each train sequence (for
    /// the `tokens` field of Loom's metrics), the epoch length in micro-batches, the sample prompts as ids
    /// formatted by Loom's template, and the ids that end a generation.
    static func runJSON(data: TrainingData, report: DataReport, samplePrompts: [(String, [Int32])], stopIds: [Int32]) throws -> Data {
        let learned = data.train.map { $0.labels.dropFirst().filter { $0 != TokenBatch.ignoreIndex }.count }
        let object: [String: Any] = [
            "micro_batches_per_epoch": data.microBatchesPerEpoch,
            "train_examples": report.trainExamples,
            "eval_examples": report.evalExamples,
            "skipped_records": report.skipped.count,
            "learned_tokens": learned,
            "sample_prompts": samplePrompts.map { ["prompt": $0.0, "ids": $0.1.map(Int.init)] as [String: Any] },
            "stop_ids": stopIds.map(Int.init),
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
