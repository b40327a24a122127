import Engine
import Foundation
import Kernels
import Tokenizers

/// The training loop of one run, top to bottom in the order it happens (in the spirit of llm.c's `train_gpt2.c`):
/// load the model and add LoRA, turn records into sequences, restore the latest checkpoint when resuming, then for
/// each optimizer step: learning rate, micro-batches forward and backward, NaN check, clip and AdamW, metrics;
/// evaluation and samples every `eval.every` steps; a checkpoint every `checkpoint.every` steps; at the end the
/// adapter in PEFT layout. Runs on the `TrainingRun`'s thread and reports through it.
final class TrainingLoop {
    let run: TrainingRun
    var config: RunConfig { run.config }
    var folder: RunFolder { run.folder }

    // Set up by `prepare`.
    var model: TransformerModel!
    var builder: ExampleBuilder!
    var data: TrainingData!
    var trainer: Trainer!
    var pass: TrainingPass { trainer.pass }
    var optimizer: Optimizer { trainer.optimizer }
    var schedule: LearningRateSchedule!
    var metrics: MetricsLog!
    var totalSteps = 0
    var samplePrompts: [(text: String, ids: [Int32])] = []
    /// Scores the samples when the config names a detector.
    var sampleDetector: SampleDetector?
    var stopTokens: Set<Int32> = []

    // Where the run stands (saved in checkpoints).
    var step = 0
    var microBatch = 0
    var tokens = 0
    var elapsed = 0.0
    var bestEvalLoss: Double?
    var evaluationsWithoutImprovement = 0
    var lastLoss: Double?
    var lastEvalLoss: Double?
    var lastCheckpoint: CheckpointFile?
    var lastStatusWrite = Date.distantPast
    var status: RunStatus = .preparing
    var recentStepSeconds: Double?

    init(run: TrainingRun) { self.run = run }

    func execute() {
        do {
            try prepare()
            let outcome = try train()
            try finish(outcome)
        } catch is CancellationError {
            setStatus(.stopped, activity: "stopped while preparing")
        } catch {
            fail(describe(error))
        }
    }

    // MARK: Preparation

    func prepare() throws {
        setStatus(.preparing, activity: "loading the model")
        metrics = try MetricsLog(url: folder.metricsURL)
        folder.log(run.isResume ? "resuming run \(config.name)" : "starting run \(config.name)")
        model = try TransformerModel.load(folder: config.baseModelURL)
        switch config.training.method {
        case .lora:
            let lora = config.lora.engineConfig
            let adapted = try model.addLoRA(lora, seed: UInt64(config.seed))
            folder.log("LoRA r=\(lora.rank) alpha=\(lora.alpha) on \(adapted) projections: \(model.trainableParameterCount) trainable weights")
        case .full:
            model.setBaseTrainable(true)
            folder.log("full fine-tune: \(model.trainableParameterCount) trainable weights")
        }
        guard config.data.sequenceLength <= model.config.maxPositions else {
            throw RunConfigError(path: folder.configURL.path, problems: [RunConfigProblem(
                field: "data.sequence_length", message: "\(config.data.sequenceLength) exceeds the model's \(model.config.maxPositions) positions")])
        }

        setStatus(.preparing, activity: "reading the data")
        builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        stopTokens = Set(model.config.endOfSequenceIds + (builder.eosId.map { [$0] } ?? []))
        data = try TrainingData.load(config: config, builder: builder, vocabSize: model.config.vocabSize,
                                     maxPositions: model.config.maxPositions, padId: builder.padId,
                                     shouldContinue: { !self.run.isStopRequested })
        let report = data.report
        folder.log("data: \(report.records) records → \(report.trainExamples) train / \(report.evalExamples) eval examples, "
            + "\(report.trainSequences) train sequences of \(data.sequenceLength) tokens, \(report.truncatedExamples) cut, "
            + "\(report.skipped.count) records skipped"
            + (report.sequencesWithoutTargets > 0 ? ", \(report.sequencesWithoutTargets) sequences dropped (nothing to learn within the sequence length)" : ""))
        for problem in report.skipped.prefix(50) { note("skipped \(problem)") }
        if report.skipped.count > 50 { note("… and \(report.skipped.count - 50) more skipped records") }
        run.update {
            $0.trainExamples = report.trainExamples
            $0.evalExamples = report.evalExamples
            $0.skippedRecords = report.skipped.count
        }
        for prompt in config.evaluation.samplePrompts {
            samplePrompts.append((prompt, try builder.samplePromptIds(prompt, maxNewTokens: config.evaluation.sampleMaxTokens,
                                                                       maxPositions: model.config.maxPositions)))
        }
        if !samplePrompts.isEmpty, config.detector.method != .off {
            setActivity("loading the detector")
            var settings = config.detector
            if !settings.model.isEmpty { settings.model = config.resolve(settings.model).path }
            if !settings.observer.isEmpty { settings.observer = config.resolve(settings.observer).path }
            sampleDetector = try SampleDetector(settings)
        }

        totalSteps = data.totalSteps(config.training)
        schedule = LearningRateSchedule(peak: config.training.learningRate, schedule: config.training.schedule,
                                        warmupSteps: config.training.warmupSteps, totalSteps: totalSteps)
        trainer = Trainer(model: model, batch: config.training.batchSize, sequenceLength: config.data.sequenceLength,
                          settings: config.training.trainerSettings)
        if run.isResume { try restoreLatestCheckpoint() }
        run.update { $0.totalSteps = self.totalSteps }
        publishProgress()
    }

    func restoreLatestCheckpoint() throws {
        // Temporary files of a checkpoint that was being written when the process died.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.checkpointsURL.path)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            try? FileManager.default.removeItem(at: folder.checkpointsURL.appendingPathComponent(name))
        }
        let restored = try Checkpoint.restoreNewestReadable(in: folder, into: optimizer) { file, error in
            note("\(file.url.lastPathComponent) is unreadable (\(error.reason)); trying the checkpoint before it")
        }
        guard let (latest, state) = restored else {
            note("no checkpoint yet: starting from step 0")
            try metrics.append(MetricsRecord(kind: .resume, step: 0))
            return
        }
        guard state.trainSequences == data.train.count, state.seed == UInt64(config.seed) else {
            throw RunFolderError(path: latest.url.path, reason: "was written for \(state.trainSequences) training sequences "
                + "but the data now gives \(data.train.count); the dataset or config changed since the run started")
        }
        step = state.step
        microBatch = state.microBatch
        tokens = state.tokens
        elapsed = state.elapsedSeconds
        bestEvalLoss = state.bestEvalLoss
        evaluationsWithoutImprovement = state.evaluationsWithoutImprovement
        lastLoss = state.lastLoss
        lastEvalLoss = state.lastEvalLoss
        lastCheckpoint = latest
        try metrics.append(MetricsRecord(kind: .resume, step: step, epoch: epoch, elapsedSeconds: elapsed))
        note("resumed from \(latest.url.lastPathComponent) at step \(step) of \(totalSteps)")
        run.update { $0.lastCheckpoint = latest }
    }

    // MARK: Training

    enum Outcome { case completed, earlyStopped, stopped }

    var epoch: Double { Double(microBatch) / Double(data.microBatchesPerEpoch) }

    func train() throws -> Outcome {
        setStatus(.running, activity: "training")
        let accumulation = config.training.gradientAccumulation
        let tokensPerStep = config.training.batchSize * config.data.sequenceLength * accumulation
        while step < totalSteps {
            let stop = run.waitWhilePaused(onPause: { setStatus(.paused, activity: "paused") },
                                           onResume: { setStatus(.running, activity: "training") })
            if stop { return .stopped }

            let started = Date()
            let learningRate = schedule.rate(afterSteps: step)
            reseedDropout()
            let report = try trainer.step(microBatches: accumulation, learningRate: learningRate) {
                defer { microBatch += 1 }
                return try data.trainBatch(microBatch: microBatch)
            }
            let loss = Double(report.loss), norm = report.gradientNorm
            guard loss.isFinite else { throw nonFinite("loss is \(loss)") }
            guard norm.isFinite else { throw nonFinite("gradient norm is \(norm)") }
            step += 1
            tokens += report.countedTargets
            lastLoss = loss
            let seconds = Date().timeIntervalSince(started)
            elapsed += seconds
            recentStepSeconds = recentStepSeconds.map { 0.8 * $0 + 0.2 * seconds } ?? seconds
            let record = MetricsRecord(kind: .train, step: step, epoch: epoch, loss: loss, learningRate: learningRate,
                                       gradNorm: norm, tokensPerSecond: Double(tokensPerStep) / max(seconds, 1e-9),
                                       tokens: tokens, elapsedSeconds: elapsed)
            try metrics.append(record)
            run.publish(.metrics(record))
            publishProgress(learningRate: learningRate, gradNorm: norm)

            var earlyStop = false
            let every = config.evaluation.every
            if (every > 0 && step % every == 0) || step == totalSteps {
                earlyStop = try evaluate()
            }
            if config.checkpoint.every > 0 && step % config.checkpoint.every == 0 && step < totalSteps {
                try writeCheckpoint()
            } else if Date().timeIntervalSince(lastStatusWrite) > 2 {
                writeStatus()
            }
            if earlyStop { return .earlyStopped }
        }
        return .completed
    }

    /// LoRA dropout draws its masks from (seed, step, projection), so a resumed run draws the same ones.
    func reseedDropout() {
        guard config.training.method == .lora, config.lora.dropout > 0 else { return }
        var index: UInt64 = 0
        for block in model.blocks {
            for projection in block.projections {
                guard let lora = projection.linear.lora else { continue }
                var mixer = SeededGenerator(seed: UInt64(config.seed) &* 0x100_0000_01B3 ^ UInt64(step) &* 0x9E37_79B9_7F4A_7C15 ^ index)
                lora.reseedDropout(mixer.next())
                index += 1
            }
        }
    }

    func nonFinite(_ what: String, atStep failing: Int? = nil) -> RunFolderError {
        let kept = lastCheckpoint.map { "the last good checkpoint is \($0.url.lastPathComponent) (step \($0.step))" }
            ?? "no checkpoint was written yet"
        return RunFolderError(path: folder.url.path, reason: "training diverged at step \(failing ?? step + 1): \(what); \(kept). "
            + "Lower training.learning_rate or set training.max_grad_norm, then resume or start again")
    }

    /// Eval loss over the eval sequences (token-weighted), sample generations, and the early-stopping decision.
    func evaluate() throws -> Bool {
        var earlyStop = false
        if !data.eval.isEmpty {
            setActivity("evaluating")
            var lossSum = 0.0
            var counted = 0
            let batches = config.evaluation.maxBatches > 0 ? min(config.evaluation.maxBatches, data.evalBatchCount) : data.evalBatchCount
            for index in 0..<batches {
                let result = pass.targetLogProbabilities(try data.evalBatch(index)).loss
                lossSum += Double(result.mean) * Double(result.counted)
                counted += result.counted
            }
            let evalLoss = counted > 0 ? lossSum / Double(counted) : .nan
            guard evalLoss.isFinite || counted == 0 else { throw nonFinite("eval loss is \(evalLoss)", atStep: step) }
            lastEvalLoss = evalLoss
            if let best = bestEvalLoss, evalLoss >= best - config.evaluation.earlyStoppingMinDelta {
                evaluationsWithoutImprovement += 1
            } else {
                bestEvalLoss = evalLoss
                evaluationsWithoutImprovement = 0
            }
            let record = MetricsRecord(kind: .eval, step: step, epoch: epoch, evalLoss: evalLoss, tokens: tokens,
                                       elapsedSeconds: elapsed)
            try metrics.append(record)
            run.publish(.metrics(record))
            let patience = config.evaluation.earlyStoppingPatience
            if patience > 0 && evaluationsWithoutImprovement >= patience && step < totalSteps {
                note("early stopping at step \(step): eval loss has not improved for \(patience) evaluations (best \(bestEvalLoss ?? .nan))")
                earlyStop = true
            }
        }
        if !samplePrompts.isEmpty {
            setActivity("sampling")
            let generator = TextGenerator(model: model)
            var scores: [Double?] = []
            for prompt in samplePrompts {
                let ids = try generator.generate(prompt: prompt.ids, maxNewTokens: config.evaluation.sampleMaxTokens,
                                                 stopTokens: stopTokens)
                let text = builder.tokenizer.decode(ids.map { UInt32(bitPattern: $0) }, skipSpecialTokens: true)
                var record = MetricsRecord(kind: .sample, step: step, prompt: prompt.text, text: text)
                if let sampleDetector {
                    let score = sampleDetector.probability(of: text)
                    scores.append(score)
                    record.detectorScore = score
                    record.detector = sampleDetector.method.rawValue
                }
                try metrics.append(record)
                run.publish(.sample(record))
            }
            if let sampleDetector {
                let record = MetricsRecord(kind: .detect, step: step, elapsedSeconds: elapsed,
                                           detectorScore: SampleDetector.mean(scores), scores: scores,
                                           detector: sampleDetector.method.rawValue)
                try metrics.append(record)
                run.publish(.metrics(record))
            }
        }
        setActivity("training")
        publishProgress()
        writeStatus()
        return earlyStop
    }

    // MARK: Checkpoints and the end

    func writeCheckpoint() throws {
        setActivity("writing a checkpoint")
        let state = CheckpointState(step: step, microBatch: microBatch, seed: UInt64(config.seed), bestEvalLoss: bestEvalLoss,
                                    evaluationsWithoutImprovement: evaluationsWithoutImprovement, tokens: tokens,
                                    elapsedSeconds: elapsed, trainSequences: data.train.count, lastLoss: lastLoss,
                                    lastEvalLoss: lastEvalLoss)
        let file = try Checkpoint.write(state: state, optimizer: optimizer, folder: folder, keep: config.checkpoint.keep)
        lastCheckpoint = file
        folder.log("checkpoint \(file.url.lastPathComponent)")
        run.publish(.checkpointWritten(file))
        run.update { $0.lastCheckpoint = file }
        setActivity(status == .running ? "training" : run.snapshot.activity)
        writeStatus()
    }

    func finish(_ outcome: Outcome) throws {
        switch outcome {
        case .stopped:
            setStatus(.stopping, activity: "writing a checkpoint before stopping")
            if lastCheckpoint?.step != step || lastCheckpoint == nil { try writeCheckpoint() }
            note("stopped at step \(step) of \(totalSteps); continue with: loom train --resume \(folder.url.path)")
            setStatus(.stopped, activity: "stopped")
        case .completed, .earlyStopped:
            if lastCheckpoint?.step != step { try writeCheckpoint() }
            setActivity("exporting")
            try export()
            note("completed \(step) steps in \(String(format: "%.1f", elapsed)) s; final loss \(lastLoss.map { String(format: "%.4f", $0) } ?? "-")"
                + (lastEvalLoss.map { String(format: ", eval loss %.4f", $0) } ?? "") + "; \(data.report.skipped.count) records skipped")
            setStatus(.completed, activity: "done")
        }
    }

    /// The adapter in PEFT layout (LoRA) or the whole model as a Hugging Face folder (full fine-tuning).
    func export() throws {
        switch config.training.method {
        case .lora:
            let lora = config.lora.engineConfig
            try PEFTAdapter.save(model: model, config: lora, to: folder.adapterURL, baseModelPath: config.baseModelURL.path)
            note("adapter written to \(folder.adapterURL.path) (PEFT layout)")
        case .full:
            try ModelFolderWriter.write(model: model, copyingFilesFrom: config.baseModelURL, to: folder.modelURL)
            note("model written to \(folder.modelURL.path)")
        }
    }

    // MARK: Reporting

    func note(_ message: String) {
        folder.log(message)
        run.publish(.log(message))
    }

    func setActivity(_ activity: String) { run.update { $0.activity = activity } }

    func setStatus(_ newStatus: RunStatus, activity: String) {
        status = newStatus
        run.update {
            $0.status = newStatus
            $0.activity = activity
        }
        run.publish(.statusChanged(newStatus))
        writeStatus()
    }

    func fail(_ message: String) {
        folder.log("failed: \(message)")
        run.update { $0.error = message }
        run.publish(.failed(message))
        setStatus(.failed, activity: "failed")
    }

    /// status.json is the published snapshot: the loop publishes into it, then writes it.
    func writeStatus() {
        lastStatusWrite = Date()
        publishProgress()
        try? folder.writeStatus(run.snapshot)
    }

    func publishProgress(learningRate: Double? = nil, gradNorm: Double? = nil) {
        let perStep = recentStepSeconds
        let tokensPerStep = config.training.batchSize * config.data.sequenceLength * config.training.gradientAccumulation
        run.update {
            $0.step = self.step
            $0.totalSteps = self.totalSteps
            $0.epoch = self.data.map { _ in self.epoch } ?? 0
            $0.lastLoss = self.lastLoss
            $0.lastEvalLoss = self.lastEvalLoss
            $0.bestEvalLoss = self.bestEvalLoss
            if let learningRate { $0.learningRate = learningRate }
            if let gradNorm { $0.gradNorm = gradNorm }
            $0.secondsPerStep = perStep
            $0.tokensPerSecond = perStep.map { Double(tokensPerStep) / max($0, 1e-9) }
            $0.etaSeconds = perStep.map { Double(self.totalSteps - self.step) * $0 }
            $0.elapsedSeconds = self.elapsed
            $0.memoryBytes = TrainingBenchmark.peakRSSBytes()
        }
    }

    func describe(_ error: Error) -> String {
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }
}
