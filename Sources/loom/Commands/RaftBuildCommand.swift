import ArgumentParser
import Datasets
import Engine
import Foundation
import Runs
import Synthesis
import Tokenizers
import Workbench

/// `loom raft build DOCS… --out FILE --teacher MODEL_DIR|URL`: makes RAFT data from the user's documents with a teacher
/// model running in this process or behind an OpenAI-compatible endpoint, resumably, with progress and an ETA on standard error.
struct RaftBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build RAFT data from documents with a teacher model.",
        discussion: """
            DOCS are text or Markdown files, JSON lines (or a JSON array) with a text field, or gorilla's API-docs \
            JSON. Text is cut into chunks of about --chunk-size characters at sentence ends; the teacher writes \
            --questions questions per chunk and a chain-of-thought answer to each; every record gets --distractors \
            other chunks and keeps its oracle with probability --p. Records are written in gorilla's schema to \
            --out, chunk by chunk; records whose answer fails validation go to OUT.rejected.jsonl with the reason. \
            Run the same command again to resume: OUT.loom-build.jsonl records what is done. The teacher is a model \
            folder run in this process (greedy decoding, in its chat template's format), or an OpenAI-compatible \
            endpoint: --teacher URL --teacher-model NAME, the key in OPENAI_API_KEY (or --api-key-env VAR).
            """
    )

    @Argument(help: "Documents: .txt, .md, .jsonl/.json with a text field, or API-docs .json.")
    var documents: [String]

    @Option(help: "The RAFT file to write (JSON lines).")
    var out: String

    @Option(help: "Questions per chunk.")
    var questions = 5

    @Option(help: "Distractor documents per record.")
    var distractors = 3

    @Option(name: .customLong("p"), help: "Probability that a record keeps its oracle document.")
    var p = 1.0

    @Option(name: .customLong("chunk-size"), help: "Characters per chunk.")
    var chunkSize = 512

    @Option(help: "Seed of the distractor draws, the oracle draws and the shuffles.")
    var seed: UInt64 = 0

    @Option(name: .customLong("text-field"), help: "The text field of JSON inputs.")
    var textField = "text"

    @OptionGroup var teacherOptions: TeacherOptions

    func validate() throws {
        if questions < 1 || distractors < 0 || chunkSize < 16 || !(0...1).contains(p) {
            throw ValidationError("--questions must be ≥ 1, --distractors ≥ 0, --chunk-size ≥ 16 and --p in [0, 1]")
        }
    }

    func run() throws {
        var options = RAFTBuildOptions()
        options.questionsPerChunk = questions
        options.distractors = distractors
        options.p = p
        options.chunkSize = chunkSize
        options.seed = seed
        let chunks: [RAFTChunk]
        do {
            chunks = try RAFTChunker.chunks(fromFiles: documents, chunkSize: chunkSize, textField: textField)
        } catch {
            throw ValidationError("\(error)")
        }
        guard !chunks.isEmpty else { throw ValidationError("the documents hold no text") }
        let builder = RAFTBuilder(chunks: chunks, options: options, teacher: try teacherOptions.makeTeacher())
        let output = URL(fileURLWithPath: out)
        let stop = StopRequest()
        let signals = SignalWatch(signals: [SIGINT, SIGTERM]) { name in
            FileHandle.standardError.write(Data("\n\(name): stopping after this chunk (again: at once)\n".utf8))
            stop.raise()
        }
        defer { signals.cancel() }
        let result: RAFTBuildProgress
        do {
            result = try builder.build(output: output, progress: { state in
                FileHandle.standardError.write(Data("\r\(state.line)   ".utf8))
            }, shouldStop: { stop.isRaised })
        } catch {
            throw ValidationError("\(error)")
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let stopped = result.chunksDone < result.chunksTotal
        print("\(out): \(result.accepted) records; \(result.rejected) set aside in "
              + RAFTBuilder.rejectedURL(for: output).lastPathComponent
              + (stopped ? "; stopped after \(result.chunksDone) of \(result.chunksTotal) chunks (run again to resume)" : ""))
    }
}
