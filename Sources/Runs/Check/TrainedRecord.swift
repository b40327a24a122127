import Datasets
import Engine
import Tokenizers

/// A record as the trainer sees it, token by token. Built from exactly what the training pass consumes: the
/// `TrainingData.example` path (record → `ExampleBuilder` → `TokenizedExample`) and `TrainingData.pad` / `pack`
/// for the labels, read back after the causal shift (position 0 of a sequence is never a target). So what
/// `loom check --show` prints and the lens draws cannot drift from what is trained.
public struct TrainedRecord: Sendable, Equatable {
    public var line: Int
    public var tokens: [TrainedToken]
    public var sequenceLength: Int
    public var packing: Bool
    /// Why the trainer leaves this record out, when it does (nothing to learn, or nothing within the length).
    public var skippedBecause: String?

    public var trainedCount: Int { tokens.reduce(0) { $0 + ($1.trained ? 1 : 0) } }
    /// Index of the first token past the sequence length, when the record is cut.
    public var cutIndex: Int? { tokens.firstIndex { $0.cut } }

    /// The record's tokens for `data` (sequence length, packing and loss mode come from the builder's `data`).
    /// Throws `ExampleError` when the record does not fit the format (the trainer skips it as invalid).
    public static func make(record: Record, builder: ExampleBuilder) throws -> TrainedRecord {
        let example: TokenizedExample
        var skipped: String?
        do {
            example = try TrainingData.example(from: record, builder: builder)
        } catch let error as ExampleError {
            // A record with nothing to learn is still shown (all masked), so the user sees why.
            guard case .value(let value) = record.content, let rendered = try? builder.rendered(from: value, line: record.line)
            else { throw error }
            example = rendered
            skipped = error.message
        }
        return make(example: example, builder: builder, skippedBecause: skipped)
    }

    /// The same for an example already built (what `loom check` uses while it walks the data). `withText: false`
    /// leaves every token's text empty: the check needs only the flags, and decoding is a good part of its time.
    public static func make(example: TokenizedExample, builder: ExampleBuilder, skippedBecause: String? = nil,
                            withText: Bool = true) -> TrainedRecord {
        let data = builder.data
        let length = data.sequenceLength
        let padId = builder.padId
        let sequences = data.packing ? TrainingData.pack([example], length: length, padId: padId)
            : [TrainingData.pad(example, length: length, padId: padId)]
        var decoder = builder.tokenizer.makeStreamingDecoder()
        var tokens: [TrainedToken] = []
        tokens.reserveCapacity(example.ids.count)
        for (i, id) in example.ids.enumerated() {
            let (row, position) = data.packing ? (i / length, i % length) : (0, i)
            let inside = position < length && row < sequences.count
            let trained = inside && position > 0 && sequences[row].labels[position] != TokenBatch.ignoreIndex
            let text = withText ? decoder.step(UInt32(bitPattern: id)) ?? "" : ""
            tokens.append(TrainedToken(id: id, text: text, trained: trained,
                                       special: builder.tokenizer.isSpecial(UInt32(bitPattern: id)), cut: !inside))
        }
        if withText, let last = tokens.indices.last { tokens[last].text += decoder.finish() }
        var record = TrainedRecord(line: example.line, tokens: tokens, sequenceLength: length, packing: data.packing,
                                   skippedBecause: skippedBecause)
        if record.skippedBecause == nil, record.trainedCount == 0 {
            record.skippedBecause = "no learned token within data.sequence_length = \(length)"
        }
        return record
    }
}
