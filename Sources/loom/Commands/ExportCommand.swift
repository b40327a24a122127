import ArgumentParser
import Engine
import Foundation
import Runs

/// `loom export`: writes the adapter of a run (from any of its checkpoints) in PEFT layout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's adapter, from its latest or a chosen checkpoint, as a PEFT adapter folder.",
        discussion: """
            A finished LoRA run already holds its final adapter in RUN_DIR/adapter. This command writes the \
            adapter of a checkpoint (e.g. of a stopped run, or an earlier step with a better eval loss) as \
            adapter_config.json + adapter_model.safetensors with PEFT's tensor names, which \
            peft.PeftModel.from_pretrained and `loom score --adapter` load.
            """
    )

    @Argument(help: "The run folder.")
    var runFolder: String

    @Option(name: .long, help: "The adapter folder to write.")
    var out: String

    @Option(name: .long, help: "The checkpoint step to export (default: the latest).")
    var step: Int?

    func run() throws {
        let folder = RunFolder(path: runFolder)
        do {
            let written = try RunExporter.exportAdapter(from: folder, step: step, to: URL(fileURLWithPath: out)) { file, error in
                FileHandle.standardError.write(Data("\(file.url.lastPathComponent) is unreadable (\(error.reason)); using the checkpoint before it\n".utf8))
            }
            print("wrote the adapter of step \(written.step) to \(out)")
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        } catch let error as RunConfigError {
            throw ValidationError(error.description)
        }
    }
}
