import Foundation
import Testing
@testable import Kernels

func crossEntropyReference(_ logits: [Double], rows: Int, vocab: Int, targets: [Int32]) -> (Double, Int) {
    var sum = 0.0, counted = 0
    for r in 0..<rows where targets[r] != -100 {
        let row = logits[(r * vocab)..<((r + 1) * vocab)]
        let mx = row.max()!
        let logZ = mx + log(row.reduce(0) { $0 + exp($1 - mx) })
        sum += logZ - logits[r * vocab + Int(targets[r])]
        counted += 1
    }
    return (sum, counted)
}

@Test func crossEntropyLossAndGradientMatchFiniteDifferences() {
    var rng = SeededGenerator(seed: 12)
    let rows = 5, vocab = 29
    let logits = randomFloats(rows * vocab, &rng, range: -5...5)
    let targets: [Int32] = [3, -100, 28, 0, 3]
    var grad = logits
    let scale: Float = 1.0 / 4
    let result = CrossEntropy.lossAndGradient(logits: &grad, rows: rows, vocab: vocab, targets: targets, gradScale: scale)
    let (refSum, refCount) = crossEntropyReference(logits.doubles, rows: rows, vocab: vocab, targets: targets)
    #expect(result.counted == refCount)
    #expect(abs(result.lossSum - refSum) / refSum < 1e-6)
    let expected = numericalGradient(logits.doubles) {
        crossEntropyReference($0, rows: rows, vocab: vocab, targets: targets).0 * Double(scale)
    }
    #expect(relativeError(grad, expected) < 1e-5)
    #expect(grad[vocab..<(2 * vocab)].allSatisfy { $0 == 0 })
}

@Test func crossEntropyIsStableAndLogProbsAgree() {
    let vocab = 4
    let logits: [Float] = [1000, 0, -1000, 999, 5, 5, 5, 5]
    let targets: [Int32] = [3, 1]
    var logProbs = [Float](repeating: 0, count: 2)
    let loss = CrossEntropy.targetLogProbabilities(logits: logits, rows: 2, vocab: vocab, targets: targets,
                                                   logProbs: &logProbs)
    #expect(abs(Double(logProbs[0]) - (-1 - log(1 + exp(-1.0)))) < 1e-5)
    #expect(abs(Double(logProbs[1]) - log(0.25)) < 1e-6)
    var grad = logits
    let same = CrossEntropy.lossAndGradient(logits: &grad, rows: 2, vocab: vocab, targets: targets, gradScale: 1)
    #expect(abs(same.lossSum - loss.lossSum) < 1e-5 && same.counted == 2)
    #expect(grad.allSatisfy { $0.isFinite })
}

@Test func emptyInputsAreNoOps() {
    var logits: [Float] = []
    let targets: [Int32] = []
    let loss = CrossEntropy.lossAndGradient(logits: &logits, rows: 0, vocab: 5, targets: targets, gradScale: 1)
    #expect(loss == CrossEntropy.ChunkLoss())
    var x: [Float] = []
    RoPE.forward(&x, tokens: 0, heads: 2, table: RoPETable(positions: 0, headDim: 4, theta: 10000))
    var y: [Float] = []
    RMSNorm.forward(x: x, weight: [1, 1, 1, 1], y: &y, rstd: nil, rows: 0, cols: 4, eps: 1e-5)
    #expect(x.isEmpty && y.isEmpty)
}
