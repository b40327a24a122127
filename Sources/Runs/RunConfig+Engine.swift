import Engine
import Kernels

extension RunConfig.Training {
    /// The engine's optimizer settings for this run: AdamW at the peak learning rate (the schedule sets each
    /// step's), clipping unless `max_grad_norm` is 0.
    public var trainerSettings: TrainerSettings {
        TrainerSettings(optimizer: AdamW(learningRate: Float(learningRate), beta1: Float(adamBeta1), beta2: Float(adamBeta2),
                                         eps: Float(adamEpsilon), weightDecay: Float(weightDecay)),
                        maxGradientNorm: maxGradNorm > 0 ? maxGradNorm : nil)
    }
}

extension RunConfig.LoRA {
    /// The engine's LoRA settings for this run.
    public var engineConfig: LoRAConfig {
        LoRAConfig(rank: rank, alpha: Float(alpha), dropout: Float(dropout), useRSLoRA: rslora, targetModules: targets)
    }
}
