import Foundation

/// Softmax cross-entropy over a vocabulary, with Hugging Face's ignore index (`-100`).
///
/// Meant to run on a chunk of rows at a time: the engine multiplies a chunk of hidden states by the vocabulary
/// matrix into a `[rows, vocab]` logits buffer, calls `lossAndGradient` which turns those logits into their
/// gradient in place, and multiplies back — so only one chunk of logits ever exists, never `[tokens, vocab]`.
public enum CrossEntropy {
    /// Target value that marks a token excluded from the loss (`-100`, as in `torch.nn.CrossEntropyLoss`).
    public static let ignoreIndex: Int32 = -100

    /// The summed loss of a chunk and how many of its rows counted (were not ignored).
    public struct ChunkLoss: Sendable, Equatable {
        /// Sum over counted rows of `-log softmax(logits)[target]`, accumulated in `Double`.
        public var lossSum: Double
        /// Rows whose target was not `ignoreIndex`.
        public var counted: Int
        public init(lossSum: Double = 0, counted: Int = 0) { self.lossSum = lossSum; self.counted = counted }
        public static func + (a: ChunkLoss, b: ChunkLoss) -> ChunkLoss {
            ChunkLoss(lossSum: a.lossSum + b.lossSum, counted: a.counted + b.counted)
        }
    }

    /// For each of `rows` rows of the row-major `[rows, vocab]` `logits`, adds `-log softmax(row)[target]` to the
    /// loss and OVERWRITES the row with `gradScale * (softmax(row) - onehot(target))`: the gradient of
    /// `gradScale * loss`. Rows whose target is `ignoreIndex` become zero and do not count. For the mean loss over
    /// a batch as PyTorch computes it, pass `gradScale = 1 / (non-ignored targets in the whole batch)`.
    /// Targets must lie in `0..<vocab` or equal `ignoreIndex`.
    public static func lossAndGradient(logits: UnsafeMutablePointer<Float>, rows: Int, vocab: Int,
                                       targets: UnsafePointer<Int32>, gradScale: Float) -> ChunkLoss {
        guard rows > 0 else { return ChunkLoss() }
        var partials = [ChunkLoss](repeating: ChunkLoss(), count: rows)
        partials.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            ThreadPool.shared.parallelFor(rows) { range in
                for r in range {
                    let row = logits + r * vocab
                    let target = targets[r]
                    if target == ignoreIndex {
                        row.update(repeating: 0, count: vocab)
                        continue
                    }
                    let mx = VectorMath.max(row, vocab)
                    let shiftedTarget = row[Int(target)] - mx
                    let sum = VectorMath.expShiftedInPlace(row, vocab, shift: mx)
                    // log(sum) - (x_t - max) keeps full precision when the logits are large.
                    out[r] = ChunkLoss(lossSum: Double(logf(sum) - shiftedTarget), counted: 1)
                    VectorMath.scale(row, vocab, by: gradScale / sum)
                    row[Int(target)] -= gradScale
                }
            }
        }
        return partials.reduce(ChunkLoss(), +)
    }

    /// Writes `log softmax(row)[target]` for each row into `logProbs[r]` (NaN for ignored rows) without touching
    /// `logits`: per-token log-probabilities for scoring and evaluation. Returns the summed loss as above.
    public static func targetLogProbabilities(logits: UnsafePointer<Float>, rows: Int, vocab: Int,
                                              targets: UnsafePointer<Int32>,
                                              logProbs: UnsafeMutablePointer<Float>) -> ChunkLoss {
        ThreadPool.shared.parallelFor(rows) { range in
            for r in range {
                let target = targets[r]
                if target == ignoreIndex { logProbs[r] = .nan; continue }
                let row = logits + r * vocab
                let mx = VectorMath.max(row, vocab)
                let sum = VectorMath.expShiftedSum(row, vocab, shift: mx)
                logProbs[r] = (row[Int(target)] - mx) - logf(sum)
            }
        }
        var total = ChunkLoss()
        for r in 0..<rows where targets[r] != ignoreIndex {
            total.lossSum -= Double(logProbs[r]); total.counted += 1
        }
        return total
    }
}
