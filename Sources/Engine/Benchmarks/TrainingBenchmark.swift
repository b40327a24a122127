import Foundation
import Kernels
#if canImport(Glibc)
import Glibc
#endif

/// What a training benchmark measures.
public enum TrainingBenchmarkMode: String, Sendable, CaseIterable {
    /// LoRA on all seven projections (r = 8, alpha = 16), frozen base.
    case lora
    /// Every weight trainable.
    case full
    /// Forward pass and loss only.
    case forward
}

/// Figures of one benchmark configuration.
public struct TrainingBenchmarkResult: Sendable {
    public var mode: TrainingBenchmarkMode
    public var tokensPerSecond: Double
    /// Model FLOPs per second (see `TrainingBenchmark.flopsPerStep`).
    public var gflopsPerSecond: Double
    public var peakRSSBytes: Int
    public var secondsPerStep: Double
    public var loss: Float
}

/// Times training steps of a randomly initialised model of a given shape (SmolLM2-135M's by default), so that the
/// engine can be compared with PyTorch on the same configuration (Scripts/engine/bench_torch.py).
public struct TrainingBenchmark: Sendable {
    public var config: ModelConfig
    public var batch: Int
    public var sequenceLength: Int
    public var warmupSteps: Int
    public var timedSteps: Int

    public init(config: ModelConfig = .smolLM2_135M, batch: Int = 4, sequenceLength: Int = 256,
                warmupSteps: Int = 1, timedSteps: Int = 3) {
        self.config = config
        self.batch = batch
        self.sequenceLength = sequenceLength
        self.warmupSteps = warmupSteps
        self.timedSteps = timedSteps
    }

    /// Model FLOPs of one step: 2 per multiply-add of every projection and the output layer per token, plus causal
    /// attention (QKᵀ and PV over on average T/2 keys); a backward pass costs 2× the forward for full training and
    /// 1× for LoRA (input gradients only; the rank-r products are counted too).
    public func flopsPerStep(_ mode: TrainingBenchmarkMode, rank: Int = 8) -> Double {
        let c = config, h = Double(c.hiddenSize), i = Double(c.intermediateSize)
        let qd = Double(c.headCount * c.headDim), kvd = Double(c.kvHeadCount * c.headDim)
        let tokens = Double(batch * sequenceLength), t = Double(sequenceLength)
        let perLayer = h * qd + 2 * h * kvd + qd * h + 3 * h * i
        let matmul = Double(c.layerCount) * perLayer + Double(c.vocabSize) * h
        let attention = Double(c.layerCount) * 2 * t * qd  // 2 products × 2 FLOPs × T/2 keys
        let forward = 2 * tokens * (matmul + attention)
        switch mode {
        case .forward: return forward
        case .full: return 3 * forward
        case .lora:
            let r = Double(rank)
            let loraPerLayer = r * (h + qd) + r * (h + kvd) * 2 + r * (qd + h) + r * (h + i) * 2 + r * (i + h)
            return 2 * forward + 3 * 2 * tokens * Double(c.layerCount) * loraPerLayer
        }
    }

    public func run(_ mode: TrainingBenchmarkMode, seed: UInt64 = 1) throws -> TrainingBenchmarkResult {
        let model = TransformerModel(config: config)
        model.initializeRandomly(seed: seed)
        switch mode {
        case .lora: try model.addLoRA(LoRAConfig(rank: 8, alpha: 16), seed: seed)
        case .full: model.setBaseTrainable(true)
        case .forward: model.setBaseTrainable(false)
        }
        var generator = SeededGenerator(seed: seed &+ 1)
        let tokens = (0..<(batch * sequenceLength)).map { _ in Int32(generator.next() % UInt64(config.vocabSize)) }
        let input = try TokenBatch.causal(tokens: tokens, batch: batch, sequenceLength: sequenceLength,
                                          vocabSize: config.vocabSize, maxPositions: config.maxPositions)
        let trainer = mode == .forward ? nil : Trainer(model: model, batch: batch, sequenceLength: sequenceLength,
                                                       settings: TrainerSettings(optimizer: AdamW(learningRate: 1e-4)))
        let forwardPass = mode == .forward
            ? TrainingPass(model: model, batch: batch, sequenceLength: sequenceLength, savesActivations: false) : nil
        var loss: Float = 0
        func step() {
            if let forwardPass {
                loss = forwardPass.targetLogProbabilities(input).loss.mean
            } else {
                loss = trainer?.step(microBatches: 1) { input }.loss ?? 0
            }
        }
        for _ in 0..<warmupSteps { step() }
        let start = DispatchTime.now().uptimeNanoseconds
        SgemmProfile.reset()
        for _ in 0..<timedSteps { step() }
        if SgemmProfile.isEnabled { FileHandle.standardError.write(Data(SgemmProfile.report().utf8)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(timedSteps, 1))
        return TrainingBenchmarkResult(mode: mode, tokensPerSecond: Double(batch * sequenceLength) / seconds,
                                       gflopsPerSecond: flopsPerStep(mode) / seconds / 1e9,
                                       peakRSSBytes: Self.peakRSSBytes(), secondsPerStep: seconds, loss: loss)
    }

    /// The process's peak resident set size so far.
    public static func peakRSSBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }
}
