import ArgumentParser
import Dispatch
import Foundation
import Runs
import TerminalCore

/// `loom train`: a fine-tuning run without the workbench. Prints a progress line (step, loss, eval loss, tokens/s,
/// ETA) and writes the run folder; `--resume` continues a stopped or crashed run from its latest checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a model as a run configuration (TOML) describes, or resume a run.",
        discussion: """
            RUN.toml names the base model, the data and the training settings; every key and its default is \
            documented in Samples/runs/README.md. The run folder (--out, else <runs_folder>/<name>) receives \
            config.toml (resolved), metrics.jsonl, status.json, log.txt, checkpoints/ and the final adapter/ in \
            PEFT layout. Ctrl-C stops the run after writing a checkpoint; `loom train --resume RUN_DIR` continues \
            it (after a crash too) with exactly the losses an uninterrupted run would have had.
            """
    )

    @Argument(help: "The run configuration (TOML).")
    var config: String?

    @Option(name: .long, help: "The run folder to create (default: <runs_folder>/<name> from the config).")
    var out: String?

    @Option(name: .long, help: "Continue the run in this folder from its latest checkpoint.")
    var resume: String?

    @Flag(name: .long, help: "Print parameter counts, memory and a measured time estimate, then exit.")
    var estimate = false

    @Flag(name: .long, help: "Start even when `loom check` finds errors in the data or the memory estimate exceeds what is available.")
    var force = false

    @Flag(name: .long, help: "Print one line per step instead of a progress line that rewrites itself.")
    var lines = false

    @Flag(name: .long, help: "Print every configuration key with its default and documentation, as TOML, then exit.")
    var defaults = false

    func validate() throws {
        if defaults { return }
        if (config == nil) == (resume == nil) { throw ValidationError("give either RUN.toml or --resume RUN_DIR") }
        if resume != nil && out != nil { throw ValidationError("--out applies to a new run, not to --resume") }
    }

    func run() throws {
        if defaults {
            print(RunConfig().tomlText(), terminator: "")
            return
        }
        let run: TrainingRun
        do {
            if let resume {
                run = try TrainingRun.resume(folder: RunFolder(path: resume))
            } else {
                let loaded = try RunConfig.load(path: config!)
                if estimate { return try printEstimate(loaded) }
                try preflight(loaded)
                run = try TrainingRun.create(config: loaded, out: out.map { URL(fileURLWithPath: $0) }, configPath: config!)
            }
        } catch let error as RunConfigError {
            throw ValidationError(error.description)
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        }
        print("run folder: \(run.folder.url.path)")
        // INT (Ctrl-C), TERM (timeout, docker stop, systemd) and HUP (a dropped ssh session) all stop after this
        // step with a checkpoint; a second one exits at once, saying what is lost.
        let signals = SignalWatch(signals: [SIGINT, SIGTERM, SIGHUP]) { name in
            FileHandle.standardError.write(Data("\n\(name): stopping after this step (writing a checkpoint); send it again to exit at once…\n".utf8))
            run.stop()
        }
        run.start()
        let progress = ProgressLine(rewrites: !lines && isatty(STDOUT_FILENO) != 0)
        var failure: String?
        while true {
            let ended = run.waitUntilFinished(timeout: 0.25)
            for event in run.drainEvents() {
                switch event {
                case .metrics(let record) where record.kind == .eval:
                    progress.println(String(format: "step %d: eval loss %.4f", record.step, record.evalLoss ?? .nan))
                case .metrics(let record) where record.kind == .train && lines:
                    // --lines: one line for every step, from the step's own record (polling would skip steps).
                    progress.println(String(format: "step %d/%d  loss %.4f  lr %.3g  grad norm %.3f  %.0f tok/s", record.step,
                                            run.snapshot.totalSteps, record.loss ?? .nan, record.learningRate ?? .nan,
                                            record.gradNorm ?? .nan, record.tokensPerSecond ?? .nan))
                case .metrics(let record) where record.kind == .detect:
                    let score = record.detectorScore.map { String(format: "%.2f", $0) } ?? "none (every sample too short to judge)"
                    progress.println("step \(record.step): detector (\(record.detector ?? "")) mean P(machine) of the samples \(score)")
                case .metrics: break
                case .sample(let record):
                    let score = record.detector == nil ? "" : "  [P(machine) \(record.detectorScore.map { String(format: "%.2f", $0) } ?? "abstained")]"
                    progress.println("sample @\(record.step) «\(record.prompt ?? "")» → \(record.text ?? "")" + score)
                case .checkpointWritten(let file):
                    progress.println("checkpoint \(file.url.lastPathComponent)")
                case .log(let message):
                    progress.println(message)
                case .failed(let message):
                    failure = message
                case .statusChanged:
                    break
                }
            }
            if !lines { progress.show(run.snapshot) }
            if ended { break }
        }
        progress.finish()
        signals.cancel()
        if let failure {
            FileHandle.standardError.write(Data("error: run failed: \(failure)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `loom check` and the memory estimate before a new run: errors stop it unless `--force`.
    private func preflight(_ config: RunConfig) throws {
        _ = try config.validated(path: self.config!)
        if let estimate = try? RunEstimate(config: config),
           let refusal = MachineMemory.refusal(estimate, config: config, available: MachineMemory.available()) {
            if !force { throw ValidationError(refusal) }
            FileHandle.standardError.write(Data("warning: \(refusal)\n".utf8))
        }
        let report = try DataCheck.load(config: config).run()
        guard !report.errors.isEmpty else { return }
        let listed = report.errorSummary()
        if !force {
            throw ValidationError("`loom check` found errors in the run's data (details: loom check \(self.config!)):\n"
                + "\(listed)\npass --force to train anyway")
        }
        FileHandle.standardError.write(Data("warning: training despite `loom check` errors (--force):\n\(listed)\n".utf8))
    }

    private func printEstimate(_ config: RunConfig) throws {
        let problems = config.validate()
        if !problems.isEmpty { throw ValidationError(RunConfigError(path: self.config!, problems: problems).description) }
        var estimate = try RunEstimate.measure(config: config)
        // After the measurement, so that the data loaded to count steps is not in its baseline.
        estimate.totalSteps = try RunEstimate.plannedSteps(config: config)
        print("parameters: \(estimate.totalParameters), trainable: \(estimate.trainableParameters)")
        print(String(format: "memory: about %.1f MiB (process %.1f, weights %.1f, optimizer %.1f, activations %.1f, runtime %.1f)",
                     Double(estimate.memoryBytes) / 1_048_576, Double(estimate.baselineBytes) / 1_048_576,
                     Double(estimate.weightBytes) / 1_048_576, Double(estimate.optimizerBytes) / 1_048_576,
                     Double(estimate.activationBytes) / 1_048_576, Double(estimate.runtimeBytes) / 1_048_576))
        if let available = MachineMemory.available() {
            print(String(format: "available: %.1f MiB (MemAvailable)", Double(available) / 1_048_576))
        }
        print(String(format: "measured: %.3f s per optimizer step", estimate.secondsPerStep ?? .nan))
        if let steps = estimate.totalSteps, let seconds = estimate.totalSeconds {
            print(String(format: "time: about %.0f s for %d optimizer steps (evaluation, samples and checkpoints not counted)",
                         seconds, steps))
        }
    }
}

/// One status line for a run: rewritten in place on a terminal, printed every few seconds otherwise.
final class ProgressLine {
    let rewrites: Bool
    private var lastPrinted = Date.distantPast
    private var lastStep = -1
    private var width = 0

    init(rewrites: Bool) { self.rewrites = rewrites }

    func text(_ s: RunSnapshot) -> String {
        func duration(_ seconds: Double?) -> String {
            guard let seconds, seconds.isFinite, seconds >= 0 else { return "-" }
            guard seconds < 365 * 86_400 else { return "> 1 y" }  // huge max_steps: no Int overflow
            let t = Int(seconds.rounded())
            return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
        }
        let barWidth = 20
        let filled = Int(s.progress * Double(barWidth))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        var parts = ["\(bar) step \(s.step)/\(s.totalSteps)"]
        parts.append("loss " + (s.lastLoss.map { String(format: "%.4f", $0) } ?? "-"))
        parts.append("eval " + (s.lastEvalLoss.map { String(format: "%.4f", $0) } ?? "-"))
        parts.append((s.tokensPerSecond.map { String(format: "%.0f", $0) } ?? "-") + " tok/s")
        parts.append("ETA " + duration(s.etaSeconds))
        if s.status != .running { parts.append(s.status.rawValue + (s.activity.isEmpty ? "" : ": " + s.activity)) }
        return parts.joined(separator: "  ")
    }

    func show(_ snapshot: RunSnapshot) {
        let line = SafeText.visible(text(snapshot))
        if rewrites {
            let padding = max(0, width - line.count)
            FileHandle.standardOutput.write(Data(("\r" + line + String(repeating: " ", count: padding)).utf8))
            width = line.count
        } else if snapshot.step != lastStep && (Date().timeIntervalSince(lastPrinted) >= 2 || snapshot.step == snapshot.totalSteps) {
            print(line)
            fflush(stdout)
            lastPrinted = Date()
            lastStep = snapshot.step
        }
    }

    /// Prints a message on its own line without breaking the progress line. Messages carry data (sample prompts
    /// and generations, paths, config values): control characters show as visible stand-ins, never act.
    func println(_ unsafeMessage: String) {
        let message = SafeText.printable(unsafeMessage)
        if rewrites {
            FileHandle.standardOutput.write(Data(("\r" + message + String(repeating: " ", count: max(0, width - message.count)) + "\n").utf8))
            width = 0
        } else {
            print(message)
            fflush(stdout)
        }
    }

    func finish() {
        if rewrites { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}
