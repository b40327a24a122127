import Foundation
import Support

/// One key of the run configuration: its TOML name, what it means, and how it is read and written. The list
/// (`RunConfig.fields`) drives the TOML reader, the resolved-config writer and the workbench's config form, so the
/// three never disagree.
public struct RunConfigField: Sendable {
    /// The dotted TOML key, e.g. `training.learning_rate`.
    public let key: String
    /// One line of documentation (the default is what `RunConfig()` holds).
    public let summary: String
    /// The allowed values, for keys that are a choice.
    public let choices: [String]
    let read: @Sendable (RunConfig) -> TOMLValue
    /// Stores a value; returns a message when it has the wrong type or is not one of `choices`.
    let assign: @Sendable (inout RunConfig, TOMLValue) -> String?

    /// The value `RunConfig()` has for this key.
    public var defaultValue: TOMLValue { read(RunConfig()) }

    static func string(_ key: String, _ path: WritableKeyPath<RunConfig, String> & Sendable, _ summary: String) -> RunConfigField {
        RunConfigField(key: key, summary: summary, choices: [], read: { .string($0[keyPath: path]) }, assign: { config, value in
            guard case .string(let s) = value else { return "expected a string in quotes, got \(value.kindName)" }
            config[keyPath: path] = s
            return nil
        })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<RunConfig, E> & Sendable, _ summary: String
    ) -> RunConfigField where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        return RunConfigField(key: key, summary: summary + " (" + names.joined(separator: " | ") + ")", choices: names,
                              read: { .string($0[keyPath: path].rawValue) }, assign: { config, value in
            guard case .string(let s) = value else { return "expected one of \(names.joined(separator: ", ")) in quotes" }
            guard let choice = E(rawValue: s) else { return "'\(s)' is not one of \(names.joined(separator: ", "))" }
            config[keyPath: path] = choice
            return nil
        })
    }

    static func int(_ key: String, _ path: WritableKeyPath<RunConfig, Int> & Sendable, _ summary: String) -> RunConfigField {
        RunConfigField(key: key, summary: summary, choices: [], read: { .integer($0[keyPath: path]) }, assign: { config, value in
            guard case .integer(let i) = value else { return "expected an integer, got \(value.kindName)" }
            config[keyPath: path] = i
            return nil
        })
    }

    static func double(_ key: String, _ path: WritableKeyPath<RunConfig, Double> & Sendable, _ summary: String) -> RunConfigField {
        RunConfigField(key: key, summary: summary, choices: [], read: { .float($0[keyPath: path]) }, assign: { config, value in
            switch value {
            case .float(let d): config[keyPath: path] = d
            case .integer(let i): config[keyPath: path] = Double(i)
            default: return "expected a number, got \(value.kindName)"
            }
            let stored = config[keyPath: path]
            return stored.isFinite ? nil : "must be a finite number"
        })
    }

    static func bool(_ key: String, _ path: WritableKeyPath<RunConfig, Bool> & Sendable, _ summary: String) -> RunConfigField {
        RunConfigField(key: key, summary: summary, choices: [], read: { .bool($0[keyPath: path]) }, assign: { config, value in
            guard case .bool(let b) = value else { return "expected true or false, got \(value.kindName)" }
            config[keyPath: path] = b
            return nil
        })
    }

    /// A list of strings; a single string is accepted as a list of one.
    static func strings(_ key: String, _ path: WritableKeyPath<RunConfig, [String]> & Sendable, _ summary: String) -> RunConfigField {
        RunConfigField(key: key, summary: summary, choices: [], read: { .array($0[keyPath: path].map(TOMLValue.string)) },
                       assign: { config, value in
            switch value {
            case .string(let s): config[keyPath: path] = [s]
            case .array(let items):
                var out: [String] = []
                for (i, item) in items.enumerated() {
                    guard case .string(let s) = item else { return "item \(i + 1) is \(item.kindName); expected strings" }
                    out.append(s)
                }
                config[keyPath: path] = out
            default: return "expected a string or an array of strings, got \(value.kindName)"
            }
            return nil
        })
    }
}

extension RunConfig {
    /// Every key a run configuration may hold, in the order the resolved configuration is written.
    public static let fields: [RunConfigField] = [
        .string("name", \.name, "run name; the default run folder is <runs_folder>/<name>"),
        .int("seed", \.seed, "seed for the data order, the train/eval split, LoRA init and dropout"),
        .string("runs_folder", \.runsFolder, "where run folders are created when --out is not given; empty: runs/ in the working directory, else relative to this file"),
        .string("model.base", \.model.base, "base model folder: config.json, model.safetensors, tokenizer.json"),
        .string("model.tokenizer", \.model.tokenizer, "folder with tokenizer.json when not the base folder (empty: base)"),
        .strings("data.train", \.data.train, "training dataset files (JSONL, JSON, CSV, …)"),
        .strings("data.eval", \.data.eval, "evaluation files; empty: hold out eval_fraction of the training examples"),
        .choice("data.format", \.data.format, "how records become examples"),
        .string("data.prompt_format", \.data.promptFormat, "auto (the tokenizer's chat template, else completion), chatml, llama3, llama2, mistral, zephyr, alpaca, completion"),
        .choice("data.loss", \.data.loss, "tokens that count towards the loss"),
        .int("data.sequence_length", \.data.sequenceLength, "tokens per sequence; longer examples are cut"),
        .bool("data.packing", \.data.packing, "pack examples end to end instead of padding each"),
        .double("data.eval_fraction", \.data.evalFraction, "share of examples held out for evaluation"),
        .choice("data.bad_records", \.data.badRecords, "a record that cannot be formatted is skipped (and counted) or fatal"),
        .int("data.max_records", \.data.maxRecords, "use at most this many training records (0: all)"),
        .string("data.columns.instruction", \.data.instructionColumn, "alpaca: instruction column"),
        .string("data.columns.input", \.data.inputColumn, "alpaca: optional input column"),
        .string("data.columns.output", \.data.outputColumn, "alpaca: output column"),
        .string("data.columns.messages", \.data.messagesColumn, "chat: column holding [{role, content}, …]"),
        .string("data.columns.prompt", \.data.promptColumn, "prompt_completion: prompt column"),
        .string("data.columns.completion", \.data.completionColumn, "prompt_completion: completion column"),
        .string("data.columns.text", \.data.textColumn, "text: text column"),
        .string("data.columns.system", \.data.systemColumn, "alpaca / prompt_completion: optional system prompt column"),
        .int("lora.rank", \.lora.rank, "LoRA rank r"),
        .double("lora.alpha", \.lora.alpha, "LoRA alpha (the branch is scaled by alpha / r)"),
        .double("lora.dropout", \.lora.dropout, "dropout on the LoRA branch's input"),
        .strings("lora.targets", \.lora.targets, "projections to adapt: q_proj k_proj v_proj o_proj gate_proj up_proj down_proj"),
        .bool("lora.rslora", \.lora.rslora, "rank-stabilised scaling alpha / sqrt(r)"),
        .choice("training.method", \.training.method, "what training updates"),
        .double("training.learning_rate", \.training.learningRate, "peak learning rate"),
        .choice("training.schedule", \.training.schedule, "learning-rate schedule after warmup"),
        .int("training.warmup_steps", \.training.warmupSteps, "steps of linear warmup"),
        .int("training.epochs", \.training.epochs, "passes over the training data (unless max_steps is set)"),
        .int("training.max_steps", \.training.maxSteps, "optimizer steps to run (0: epochs decide)"),
        .int("training.batch_size", \.training.batchSize, "sequences per micro-batch"),
        .int("training.gradient_accumulation", \.training.gradientAccumulation, "micro-batches per optimizer step"),
        .double("training.max_grad_norm", \.training.maxGradNorm, "clip the global gradient norm (0: off)"),
        .double("training.weight_decay", \.training.weightDecay, "AdamW decoupled weight decay"),
        .double("training.adam_beta1", \.training.adamBeta1, "AdamW beta1"),
        .double("training.adam_beta2", \.training.adamBeta2, "AdamW beta2"),
        .double("training.adam_epsilon", \.training.adamEpsilon, "AdamW epsilon"),
        .int("eval.every", \.evaluation.every, "evaluate every N steps (0: only at the end)"),
        .int("eval.max_batches", \.evaluation.maxBatches, "eval micro-batches per evaluation (0: all)"),
        .int("eval.early_stopping_patience", \.evaluation.earlyStoppingPatience, "stop after N evaluations without improvement (0: off)"),
        .double("eval.early_stopping_min_delta", \.evaluation.earlyStoppingMinDelta, "smallest eval-loss decrease that counts as improvement"),
        .strings("eval.sample_prompts", \.evaluation.samplePrompts, "prompts completed greedily at each evaluation"),
        .int("eval.sample_max_tokens", \.evaluation.sampleMaxTokens, "tokens generated per sample prompt"),
        .choice("detector.method", \.detector.method, "score each evaluation's samples for machine generation"),
        .string("detector.model", \.detector.model, "fast-detectgpt: the scoring model folder; binoculars: the performer"),
        .string("detector.observer", \.detector.observer, "binoculars: the observer model folder"),
        .int("checkpoint.every", \.checkpoint.every, "checkpoint every N steps (0: only at stop and end)"),
        .int("checkpoint.keep", \.checkpoint.keep, "checkpoints kept (the newest)"),
    ]
}
