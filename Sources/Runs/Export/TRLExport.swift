import Engine
import Foundation
import Support

/// `loom export-run --to trl`: a run handed to Hugging Face Trainer + PEFT (and accelerate, which drives DDP, FSDP
/// and DeepSpeed) as a self-contained folder. The data is not rendered a second time in Python: the sequences are the
/// ones `TrainingData.load` builds for Loom's own trainer (same template, masks, packing, split), written with the
/// order in which Loom's trainer would visit them, and the LoRA starts from the adapter Loom would have initialised.
/// So a GPU cluster trains on the same tokens, and its first step's loss equals Loom's.
///
/// ```
/// DIR/examples.jsonl        {"split": "train"|"eval", "index", "input_ids", "labels"} (-100 where not learned)
/// DIR/train_order.json      the train sequence of every micro-batch row of the run, in order
/// DIR/config.toml           the run configuration as resolved (Loom's run folder keeps it too)
/// DIR/run.json              what train.py needs besides: sample prompt ids, stop ids, epoch length, learned tokens
/// DIR/initial_adapter/      Loom's LoRA initialisation in PEFT layout (train.py starts from it)
/// DIR/train.py              transformers + peft; its callback writes Loom's run folder (metrics.jsonl, status.json)
/// DIR/accelerate/*.yaml     one GPU, DDP, FSDP, DeepSpeed ZeRO-2
/// DIR/requirements.txt, DIR/README.md
/// ```
public enum TRLExport {
    /// What an export wrote, for the command's summary.
    public struct Summary: Sendable, Equatable {
        public var folder: URL
        public var trainSequences: Int
        public var evalSequences: Int
        public var totalSteps: Int
        public var sequenceLength: Int
        public var skippedRecords: Int
    }

    /// Writes the export of `config` into `out` (which must not exist or be empty); `base` replaces the base model's
    /// path in train.py (a path on the cluster or a Hub id), else the resolved local path is used.
    public static func write(config: RunConfig, configPath: String, to out: URL, base: String?,
                             shouldContinue: () -> Bool = { true }) throws -> Summary {
        let config = try config.validated(path: configPath).resolved()
        try prepareFolder(out)
        let model = try TransformerModel.load(folder: config.baseModelURL)
        guard config.data.sequenceLength <= model.config.maxPositions else {
            throw RunConfigError(path: configPath, problems: [RunConfigProblem(
                field: "data.sequence_length", message: "\(config.data.sequenceLength) exceeds the model's \(model.config.maxPositions) positions")])
        }
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        let data = try TrainingData.load(config: config, builder: builder, vocabSize: model.config.vocabSize,
                                         maxPositions: model.config.maxPositions, padId: builder.padId,
                                         shouldContinue: shouldContinue)
        let totalSteps = data.totalSteps(config.training)

        try write(ExportedExamples.examplesJSONL(data), to: out, "examples.jsonl")
        try write(ExportedExamples.trainOrderJSON(data, microBatches: totalSteps * config.training.gradientAccumulation),
                  to: out, "train_order.json")
        try write(Data(config.tomlText().utf8), to: out, "config.toml")
        let samples = try config.evaluation.samplePrompts.map {
            ($0, try builder.samplePromptIds($0, maxNewTokens: config.evaluation.sampleMaxTokens,
                                             maxPositions: model.config.maxPositions))
        }
        let stopIds = Array(Set(model.config.endOfSequenceIds + (builder.eosId.map { [$0] } ?? []))).sorted()
        try write(ExportedExamples.runJSON(data: data, report: data.report, samplePrompts: samples, stopIds: stopIds),
                  to: out, "run.json")
        if config.training.method == .lora {
            let lora = config.lora.engineConfig
            _ = try model.addLoRA(lora, seed: UInt64(config.seed))
            try PEFTAdapter.save(model: model, config: lora, to: out.appendingPathComponent("initial_adapter"),
                                 baseModelPath: base ?? config.baseModelURL.path)
        }
        let script = TRLTrainScript(config: config, base: base ?? config.baseModelURL.path, totalSteps: totalSteps,
                                    microBatchesPerEpoch: data.microBatchesPerEpoch)
        try write(Data(script.text().utf8), to: out, "train.py")
        for (name, text) in AccelerateConfigs.files {
            try write(Data(text.utf8), to: out, "accelerate/\(name)")
        }
        try write(Data(TRLExportReadme.requirements.utf8), to: out, "requirements.txt")
        try write(Data(TRLExportReadme.text(config: config, totalSteps: totalSteps, report: data.report).utf8), to: out, "README.md")
        return Summary(folder: out, trainSequences: data.train.count, evalSequences: data.eval.count, totalSteps: totalSteps,
                       sequenceLength: data.sequenceLength, skippedRecords: data.report.skipped.count)
    }

    /// Creates `out`; an existing folder is used only when empty, so an export never mixes with other files.
    static func prepareFolder(_ out: URL) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: out.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw RunFolderError(path: out.path, reason: "is a file; --out must be a new or empty folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: out.path)) ?? []
            guard entries.isEmpty else {
                throw RunFolderError(path: out.path, reason: "is not empty; export into a new or empty folder")
            }
        }
        do { try manager.createDirectory(at: out.appendingPathComponent("accelerate"), withIntermediateDirectories: true) } catch {
            throw RunFolderError(path: out.path, reason: "cannot create the export folder: \(error.localizedDescription)")
        }
    }

    static func write(_ data: Data, to folder: URL, _ name: String) throws {
        let url = folder.appendingPathComponent(name)
        do { try AtomicFile.write(data, to: url) } catch {
            throw RunFolderError(path: url.path, reason: "cannot write: \(error)")
        }
    }
}
