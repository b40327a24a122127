import Foundation

/// The exported train.py: the run's settings as plain Python constants at the top (so a reader sees, and may
/// edit, every value in one place), then the fixed body (`TRLTrainScriptBody`).
struct TRLTrainScript {
    var config: RunConfig
    var base: String
    var totalSteps: Int
    var microBatchesPerEpoch: Int

    /// Loom's schedule names as transformers' `lr_scheduler_type` (both warm up linearly from 0 first).
    var schedulerType: String {
        switch config.training.schedule {
        case .constant: return "constant_with_warmup"
        case .linear: return "linear"
        case .cosine: return "cosine"
        }
    }

    func text() -> String {
        let t = config.training, lora = config.lora, e = config.evaluation, c = config.checkpoint
        let constants = """

            # ---- The run, as `loom export-run` resolved it from \(Self.comment(config.name)) ----
            RUN_NAME = \(Self.python(config.name))
            BASE_MODEL = \(Self.python(base))  # --base overrides it
            SEED = \(config.seed)
            METHOD = \(Self.python(t.method.rawValue))
            SEQUENCE_LENGTH = \(config.data.sequenceLength)
            LORA = dict(r=\(lora.rank), lora_alpha=\(Self.python(lora.alpha)), lora_dropout=\(Self.python(lora.dropout)), use_rslora=\(lora.rslora ? "True" : "False"),
                        target_modules=[\(lora.targets.map(Self.python).joined(separator: ", "))])
            LEARNING_RATE = \(Self.python(t.learningRate))
            LR_SCHEDULER_TYPE = \(Self.python(schedulerType))
            WARMUP_STEPS = \(t.warmupSteps)
            WEIGHT_DECAY = \(Self.python(t.weightDecay))
            ADAM_BETA1 = \(Self.python(t.adamBeta1))
            ADAM_BETA2 = \(Self.python(t.adamBeta2))
            ADAM_EPSILON = \(Self.python(t.adamEpsilon))
            MAX_GRAD_NORM = \(Self.python(t.maxGradNorm))  # 0: no clipping
            BATCH_SIZE = \(t.batchSize)  # sequences per micro-batch
            GRADIENT_ACCUMULATION = \(t.gradientAccumulation)  # micro-batches per optimizer step
            MAX_STEPS = \(totalSteps)  # optimizer steps (Loom's total for this data)
            MICRO_BATCHES_PER_EPOCH = \(microBatchesPerEpoch)
            EVAL_EVERY = \(e.every)  # steps; 0: only at the end
            EVAL_MAX_BATCHES = \(e.maxBatches)  # 0: all eval sequences
            EARLY_STOPPING_PATIENCE = \(e.earlyStoppingPatience)  # evaluations without improvement; 0: off
            EARLY_STOPPING_MIN_DELTA = \(Self.python(e.earlyStoppingMinDelta))
            SAMPLE_MAX_TOKENS = \(e.sampleMaxTokens)
            CHECKPOINT_EVERY = \(c.every)  # steps; 0: only the final adapter
            CHECKPOINT_KEEP = \(c.keep)

            """
        return TRLTrainScriptBody.header + constants + TRLTrainScriptBody.body
    }

    /// A Python string literal (JSON's escapes are Python's for these characters).
    static func python(_ text: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]),
              let json = String(data: data, encoding: .utf8) else { return "\"\"" }
        return String(json.dropFirst().dropLast())
    }

    /// A Python float literal that reads back to the same Double.
    static func python(_ value: Double) -> String {
        let text = "\(value)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// Text safe inside a one-line comment.
    static func comment(_ text: String) -> String {
        String(text.map { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true ? " " : $0 })
    }
}
