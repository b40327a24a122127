import Foundation
import Support
import Tokenizers

/// Everything a fine-tuning run needs, read from a TOML file whose every key has a documented default
/// (see `RunConfig.fields` and `Samples/runs/README.md`):
///
/// ```toml
/// name = "sample-lora"          # run name; the run folder is <runs_folder>/<name>
/// seed = 42                     # data order, split, LoRA init and dropout all follow it
/// [model]
/// base = "../models/loom-shakespeare"   # a Hugging Face model folder (relative to this file)
/// [data]
/// train = ["../instructions.jsonl"]
/// format = "alpaca"             # alpaca | chat | prompt_completion | text | raft
/// [lora]
/// rank = 8
/// [training]
/// learning_rate = 2e-4
/// ```
///
/// Relative paths are resolved against the folder of the TOML file; the run folder keeps the resolved
/// configuration (absolute paths) so that `--resume` finds everything again.
public struct RunConfig: Sendable, Equatable {
    /// How records become examples.
    public enum DataFormat: String, Sendable, CaseIterable {
        /// `instruction`, optional `input`, `output` columns.
        case alpaca
        /// A `messages` column: a list of `{role, content}` objects.
        case chat
        /// `prompt` and `completion` columns.
        case promptCompletion = "prompt_completion"
        /// A `text` column, every token learned (continued pretraining).
        case text
        /// RAFT records in any of gorilla's layouts: prompt = the documents and question in the instruction
        /// layout, completion = the chain-of-thought answer (the loss learns the answer only).
        case raft
    }

    /// Which tokens the loss learns.
    public enum LossScope: String, Sendable, CaseIterable {
        /// Only the assistant's replies (and their end token); the prompt only conditions.
        case assistant
        /// Every token.
        case all
    }

    /// What to do with a record that cannot be turned into an example.
    public enum BadRecordPolicy: String, Sendable, CaseIterable {
        /// Report it (with its line) in the log and the summary, and go on.
        case skip
        /// Stop before training starts.
        case fail
    }

    /// Learning-rate schedule after warmup.
    public enum Schedule: String, Sendable, CaseIterable {
        case constant, linear, cosine
    }

    /// What training updates.
    public enum Method: String, Sendable, CaseIterable {
        /// LoRA adapters on the chosen projections; base weights frozen.
        case lora
        /// Every weight of the model.
        case full
    }

    public struct Model: Sendable, Equatable {
        /// The base model folder (config.json, model.safetensors, tokenizer.json). Required.
        public var base = ""
        /// A folder holding tokenizer.json (and tokenizer_config.json); empty means the base folder.
        public var tokenizer = ""
    }

    public struct Data: Sendable, Equatable {
        /// Training files (JSONL, JSON, CSV, Parquet … anything `Dataset.open` reads). Required.
        public var train: [String] = []
        /// Evaluation files; when empty, `eval_fraction` of the training examples are held out.
        public var eval: [String] = []
        public var format: DataFormat = .alpaca
        /// A prompt layout (`chatml`, `llama3`, `alpaca`, `completion`, …) or `auto`: the tokenizer's chat
        /// template when it has one, else `completion`.
        public var promptFormat = "auto"
        public var loss: LossScope = .assistant
        /// Tokens per sequence; longer examples are cut.
        public var sequenceLength = 256
        /// Pack examples end to end into full sequences instead of padding each one.
        public var packing = false
        /// Share of examples held out for evaluation when `eval` is empty (0 for none).
        public var evalFraction = 0.1
        public var badRecords: BadRecordPolicy = .skip
        /// Use at most this many records from the training files (0: all).
        public var maxRecords = 0
        /// Column names, for data whose columns are named differently from the format's defaults.
        public var instructionColumn = "instruction"
        public var inputColumn = "input"
        public var outputColumn = "output"
        public var messagesColumn = "messages"
        public var promptColumn = "prompt"
        public var completionColumn = "completion"
        public var textColumn = "text"
        /// An optional column with a system prompt (alpaca and prompt_completion formats).
        public var systemColumn = "system"
    }

    public struct LoRA: Sendable, Equatable {
        public var rank = 8
        public var alpha = 16.0
        public var dropout = 0.0
        /// Projections to adapt (Llama: q_proj k_proj v_proj o_proj gate_proj up_proj down_proj).
        public var targets = ["q_proj", "k_proj", "v_proj", "o_proj"]
        /// Scale by alpha / sqrt(rank) instead of alpha / rank.
        public var rslora = false
    }

    public struct Training: Sendable, Equatable {
        public var method: Method = .lora
        public var learningRate = 2e-4
        public var schedule: Schedule = .cosine
        /// Steps of linear warmup from 0 to `learning_rate`.
        public var warmupSteps = 0
        public var epochs = 1
        /// Stop after this many optimizer steps (0: run `epochs` epochs).
        public var maxSteps = 0
        /// Sequences per micro-batch.
        public var batchSize = 4
        /// Micro-batches whose gradients are summed into one optimizer step.
        public var gradientAccumulation = 1
        /// Clip the global gradient norm to this (0: no clipping).
        public var maxGradNorm = 1.0
        public var weightDecay = 0.0
        public var adamBeta1 = 0.9
        public var adamBeta2 = 0.999
        public var adamEpsilon = 1e-8
    }

    public struct Evaluation: Sendable, Equatable {
        /// Evaluate every N optimizer steps (0: only at the end).
        public var every = 50
        /// Evaluate on at most this many eval micro-batches (0: all).
        public var maxBatches = 0
        /// Stop when eval loss has not improved by `early_stopping_min_delta` for this many evaluations (0: off).
        public var earlyStoppingPatience = 0
        public var earlyStoppingMinDelta = 0.0
        /// Prompts (user messages) completed greedily at each evaluation, to watch the model learn.
        public var samplePrompts: [String] = []
        public var sampleMaxTokens = 48
    }

    /// A machine-generated-text detector that scores each evaluation's sample generations, so that a run drifting
    /// toward machine-sounding text shows in its metrics (off unless a config names a method).
    public struct SampleDetection: Sendable, Equatable {
        public enum Method: String, Sendable, CaseIterable {
            case off, stats
            case fastDetectGPT = "fast-detectgpt"
            case binoculars
        }
        public var method = Method.off
        /// fast-detectgpt: the scoring model folder; binoculars: the performer.
        public var model = ""
        /// binoculars: the observer model folder (fast-detectgpt: an optional sampling model).
        public var observer = ""
    }

    public struct Checkpointing: Sendable, Equatable {
        /// Write a checkpoint every N optimizer steps (0: only when stopped and at the end).
        public var every = 100
        /// Keep this many most recent checkpoints.
        public var keep = 2
    }

    /// The run's name; the default run folder is `<runs_folder>/<name>`.
    public var name = "run"
    public var seed = 42
    /// Where run folders are created when `--out` is not given. Empty (the default): `runs/` in the working
    /// directory, where `loom train` and the workbench (`loom`) both put and list runs. Otherwise a path resolved like
    /// every other path of the file: relative to the file's folder (see `runsFolderURL`).
    public var runsFolder = ""
    public var model = Model()
    public var data = Data()
    public var lora = LoRA()
    public var training = Training()
    public var evaluation = Evaluation()
    public var checkpoint = Checkpointing()
    public var detector = SampleDetection()
    /// The folder relative paths are resolved against (the TOML file's folder); nil: the working directory.
    public var baseDirectory: URL?

    public init() {}

    // MARK: Reading and writing

    /// Reads a TOML file. Throws `RunConfigError` naming file, line and field for syntax errors, unknown keys and
    /// values of the wrong type; `validate()` then checks ranges and files.
    public static func load(path: String) throws -> RunConfig {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try RegularFile.readText(url.path, limit: 16 << 20)
        } catch let error as RegularFileError {
            throw RunConfigError(path: path, problems: [RunConfigProblem(field: "", message: error.reason)])
        } catch {
            throw RunConfigError(path: path, problems: [RunConfigProblem(field: "", message: "cannot read the file as UTF-8 text")])
        }
        var config = try RunConfig(toml: text, path: path)
        config.baseDirectory = url.deletingLastPathComponent().standardizedFileURL
        return config
    }

    /// Parses TOML text (`path` only labels errors).
    public init(toml text: String, path: String = "(run config)") throws {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(text: text)
        } catch let error as TOMLSyntaxError {
            throw RunConfigError(path: path, problems: [RunConfigProblem(field: "", line: error.line, message: error.message)])
        }
        try self.init(document: document, path: path)
    }

    public init(document: TOMLDocument, path: String = "(run config)") throws {
        self.init()
        var problems: [RunConfigProblem] = []
        let byKey = Dictionary(uniqueKeysWithValues: RunConfig.fields.map { ($0.key, $0) })
        for key in document.orderedKeys {
            guard let entry = document[key] else { continue }
            guard let field = byKey[key] else {
                let hint = RunConfig.closestKey(to: key).map { "; did you mean '\($0)'?" }
                    ?? "; see the documented keys in Samples/runs/README.md"
                problems.append(RunConfigProblem(field: key, line: entry.line, message: "unknown key\(hint)"))
                continue
            }
            if let message = field.assign(&self, entry.value) {
                problems.append(RunConfigProblem(field: key, line: entry.line, message: message))
            }
        }
        if !problems.isEmpty { throw RunConfigError(path: path, problems: problems) }
    }

    /// The known key nearest to a misspelt one (at most 2 edits away), for "did you mean".
    static func closestKey(to key: String) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for i in 1...max(1, a.count) where !a.isEmpty {
                var row = [i] + [Int](repeating: 0, count: b.count)
                for j in 1...max(1, b.count) where !b.isEmpty {
                    row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = row
            }
            return previous[b.count]
        }
        let typed = Array(key)
        let best = fields.map { ($0.key, distance(typed, Array($0.key))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2 else { return nil }
        return best.0
    }

    /// The configuration as TOML, every key written (defaults included) with its documentation as a comment.
    public func tomlText() -> String {
        var out = "# Loom run configuration (every key shown; see Samples/runs/README.md)\n"
        var section = ""
        for field in RunConfig.fields {
            let parts = field.key.split(separator: ".").map(String.init)
            let table = parts.count > 1 ? parts.dropLast().joined(separator: ".") : ""
            if table != section {
                out += "\n[\(table)]\n"
                section = table
            }
            out += "# \(field.summary)\n\(parts.last!) = \(field.read(self))\n"
        }
        return out
    }

    /// The value of one key, for a form.
    public func value(forKey key: String) -> TOMLValue? {
        RunConfig.fields.first { $0.key == key }?.read(self)
    }

    /// Sets one key from TOML value text (e.g. `2e-4`, `"cosine"`, `["q_proj", "v_proj"]`), as a form edits it.
    public mutating func set(_ key: String, toml text: String) throws {
        guard let field = RunConfig.fields.first(where: { $0.key == key }) else {
            throw RunConfigError(path: "(form)", problems: [RunConfigProblem(field: key, message: "unknown key")])
        }
        let document: TOMLDocument
        do { document = try TOMLDocument(text: "v = " + text) } catch let error as TOMLSyntaxError {
            throw RunConfigError(path: "(form)", problems: [RunConfigProblem(field: key, message: error.message)])
        }
        guard let value = document["v"]?.value else {
            throw RunConfigError(path: "(form)", problems: [RunConfigProblem(field: key, message: "expected a value")])
        }
        if let message = field.assign(&self, value) {
            throw RunConfigError(path: "(form)", problems: [RunConfigProblem(field: key, message: message)])
        }
    }

    // MARK: Paths

    /// A path from the configuration made absolute against `baseDirectory`.
    public func resolve(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        let base = baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return base.appendingPathComponent(expanded).standardizedFileURL
    }

    public var baseModelURL: URL { resolve(model.base) }
    public var tokenizerFolderURL: URL { model.tokenizer.isEmpty ? baseModelURL : resolve(model.tokenizer) }
    public var trainFileURLs: [URL] { data.train.map(resolve) }
    /// The folder new runs are created in: `runs_folder` resolved against the file, or `./runs` when it is empty.
    public var runsFolderURL: URL {
        runsFolder.isEmpty
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("runs").standardizedFileURL
            : resolve(runsFolder)
    }
    public var evalFileURLs: [URL] { data.eval.map(resolve) }

    /// The same configuration with every path absolute, as written into the run folder.
    public func resolved() -> RunConfig {
        var copy = self
        copy.model.base = baseModelURL.path
        copy.model.tokenizer = model.tokenizer.isEmpty ? "" : tokenizerFolderURL.path
        copy.data.train = trainFileURLs.map(\.path)
        copy.data.eval = evalFileURLs.map(\.path)
        copy.runsFolder = runsFolderURL.path
        if !detector.model.isEmpty { copy.detector.model = resolve(detector.model).path }
        if !detector.observer.isEmpty { copy.detector.observer = resolve(detector.observer).path }
        copy.baseDirectory = nil
        return copy
    }

    // MARK: Validation

    /// Every problem that would stop the run, each naming its field: ranges, combinations, and files that do not
    /// exist. Empty when the run can start.
    public func validate() -> [RunConfigProblem] {
        var problems: [RunConfigProblem] = []
        func check(_ ok: Bool, _ field: String, _ message: String) {
            if !ok { problems.append(RunConfigProblem(field: field, message: message)) }
        }
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        check(!name.isEmpty && !name.contains("/") && name != "." && name != "..", "name",
              "must be a non-empty file name without '/'")
        check(seed >= 0, "seed", "must be 0 or more")
        if model.base.isEmpty {
            check(false, "model.base", "is required: the folder of a Hugging Face model")
        } else {
            let base = baseModelURL
            check(fm.fileExists(atPath: base.path, isDirectory: &isFolder) && isFolder.boolValue, "model.base",
                  "\(base.path) is not a folder")
            check(fm.fileExists(atPath: base.appendingPathComponent("config.json").path), "model.base",
                  "\(base.path) has no config.json")
            check(fm.fileExists(atPath: tokenizerFolderURL.appendingPathComponent("tokenizer.json").path),
                  model.tokenizer.isEmpty ? "model.base" : "model.tokenizer",
                  "\(tokenizerFolderURL.path) has no tokenizer.json")
        }
        check(!data.train.isEmpty, "data.train", "is required: one or more dataset files")
        for url in trainFileURLs where !fm.fileExists(atPath: url.path) {
            check(false, "data.train", "\(url.path) does not exist")
        }
        for url in evalFileURLs where !fm.fileExists(atPath: url.path) {
            check(false, "data.eval", "\(url.path) does not exist")
        }
        check(data.promptFormat == "auto" || PromptFormat(rawValue: data.promptFormat) != nil, "data.prompt_format",
              "'\(data.promptFormat)' is not one of auto, \(PromptFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        check((8...65_536).contains(data.sequenceLength), "data.sequence_length", "must be in 8...65536")
        check(data.evalFraction >= 0 && data.evalFraction < 1, "data.eval_fraction", "must be in [0, 1)")
        check(data.maxRecords >= 0, "data.max_records", "must be 0 (all) or more")
        if training.method == .lora {
            check((1...4096).contains(lora.rank), "lora.rank", "must be in 1...4096")
            check(lora.alpha > 0 && lora.alpha.isFinite, "lora.alpha", "must be a positive number")
            check(lora.dropout >= 0 && lora.dropout < 1, "lora.dropout", "must be in [0, 1)")
            check(!lora.targets.isEmpty, "lora.targets", "must name at least one projection, e.g. [\"q_proj\", \"v_proj\"]")
            check(Set(lora.targets).count == lora.targets.count, "lora.targets", "names a projection twice")
        }
        check(training.learningRate > 0 && training.learningRate < 10, "training.learning_rate", "must be in (0, 10)")
        check(training.warmupSteps >= 0, "training.warmup_steps", "must be 0 or more")
        check(training.epochs >= 1, "training.epochs", "must be 1 or more")
        check(training.maxSteps >= 0, "training.max_steps", "must be 0 (use epochs) or more")
        check((1...4096).contains(training.batchSize), "training.batch_size", "must be in 1...4096")
        check((1...4096).contains(training.gradientAccumulation), "training.gradient_accumulation", "must be in 1...4096")
        check(training.maxGradNorm >= 0 && training.maxGradNorm.isFinite, "training.max_grad_norm", "must be 0 (off) or more")
        check(training.weightDecay >= 0 && training.weightDecay < 1, "training.weight_decay", "must be in [0, 1)")
        check(training.adamBeta1 >= 0 && training.adamBeta1 < 1, "training.adam_beta1", "must be in [0, 1)")
        check(training.adamBeta2 >= 0 && training.adamBeta2 < 1, "training.adam_beta2", "must be in [0, 1)")
        check(training.adamEpsilon > 0 && training.adamEpsilon < 1, "training.adam_epsilon", "must be in (0, 1)")
        check(evaluation.every >= 0, "eval.every", "must be 0 (only at the end) or more")
        check(evaluation.maxBatches >= 0, "eval.max_batches", "must be 0 (all) or more")
        check(evaluation.earlyStoppingPatience >= 0, "eval.early_stopping_patience", "must be 0 (off) or more")
        check(evaluation.earlyStoppingMinDelta >= 0, "eval.early_stopping_min_delta", "must be 0 or more")
        check(evaluation.earlyStoppingPatience == 0 || data.evalFraction > 0 || !data.eval.isEmpty,
              "eval.early_stopping_patience", "needs eval data: set data.eval_fraction or data.eval")
        check((1...4096).contains(evaluation.sampleMaxTokens), "eval.sample_max_tokens", "must be in 1...4096")
        switch detector.method {
        case .off, .stats:
            check(detector.model.isEmpty && detector.observer.isEmpty, "detector.model",
                  "is for detector.method fast-detectgpt or binoculars")
        case .fastDetectGPT, .binoculars:
            check(!detector.model.isEmpty, "detector.model", "is required for detector.method \(detector.method.rawValue): a model folder")
            check(detector.method == .fastDetectGPT || !detector.observer.isEmpty, "detector.observer",
                  "is required for detector.method binoculars: the observer model folder")
            for (field, path) in [("detector.model", detector.model), ("detector.observer", detector.observer)] where !path.isEmpty {
                check(fm.fileExists(atPath: resolve(path).appendingPathComponent("config.json").path), field,
                      "\(resolve(path).path) is not a model folder (no config.json)")
            }
        }
        check(checkpoint.every >= 0, "checkpoint.every", "must be 0 (only at stop and end) or more")
        check(checkpoint.keep >= 1, "checkpoint.keep", "must be 1 or more")
        return problems
    }

    /// Throws every validation problem at once as a `RunConfigError`.
    public func validated(path: String = "(run config)") throws -> RunConfig {
        let problems = validate()
        if !problems.isEmpty { throw RunConfigError(path: path, problems: problems) }
        return self
    }
}
