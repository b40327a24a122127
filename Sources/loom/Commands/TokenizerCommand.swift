import ArgumentParser
import Foundation
import Tokenizers

/// `loom tokenizer …`: work on tokenizers themselves.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train tokenizers.",
        subcommands: [TokenizerTrainCommand.self]
    )
}

/// `loom tokenizer train`: a byte-level BPE tokenizer trained the way HF `tokenizers`' BpeTrainer trains it (same
/// merges and ids), written as a tokenizer.json that HF loads.
struct TokenizerTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a byte-level BPE tokenizer on text files and write tokenizer.json.",
        discussion: """
            Each line of each file (newline included) is pre-tokenized with the --pattern regex and counted; \
            merges are learned until the vocabulary (256 byte tokens and the special tokens included) reaches \
            --vocab-size or no pair occurs --min-frequency times. The result equals HF tokenizers' BpeTrainer with \
            initial_alphabet=ByteLevel.alphabet() on the same files.
            """
    )

    @Option(name: .long, help: "Vocabulary size, including the 256 byte tokens and the special tokens.")
    var vocabSize: Int

    @Option(name: .long, parsing: .singleValue, help: "A special token (repeatable); they get the first ids.")
    var special: [String] = []

    @Option(name: .long, help: "Only merge pairs seen at least this many times.")
    var minFrequency: Int = 0

    @Option(name: .long, help: "Pre-tokenizer regex: gpt2, llama3 or qwen2.")
    var pattern: String = "gpt2"

    @Option(name: .long, help: "Where to write tokenizer.json.")
    var out: String

    @Argument(help: "Text files to train on.")
    var files: [String]

    func validate() throws {
        // Before minutes of training, not after: the output's folder must exist.
        let folder = (out as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard folder.isEmpty || (FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue) else {
            throw ValidationError("--out \(out): the folder \(folder) does not exist; create it first (mkdir -p \(folder))")
        }
        guard vocabSize > 0 else { throw ValidationError("--vocab-size must be positive") }
        guard minFrequency >= 0 else { throw ValidationError("--min-frequency must not be negative") }
        guard !files.isEmpty else { throw ValidationError("give at least one text file to train on") }
        guard ["gpt2", "llama3", "qwen2"].contains(pattern) else {
            throw ValidationError("--pattern must be gpt2, llama3 or qwen2")
        }
        for f in files where !FileManager.default.isReadableFile(atPath: f) {
            throw ValidationError("\(f): cannot read the file")
        }
    }

    func run() throws {
        let split: SplitPattern = pattern == "llama3" ? .llama3 : (pattern == "qwen2" ? .qwen2 : .gpt2)
        let trainer = BPETrainer(vocabularySize: vocabSize, minimumFrequency: minFrequency, specialTokens: special,
                                 pattern: split)
        let start = Date()
        let counts: BPETrainer.WordCounts
        let tokenizer: Tokenizer
        do {
            counts = try trainer.countWords(inFiles: files)
            tokenizer = try trainer.train(counts: counts)
        } catch { throw ValidationError("\(error)") }
        do { try TokenizerFileWriter.write(tokenizer, to: out) } catch {
            throw ValidationError("--out \(out): cannot write the tokenizer (\((error as NSError).localizedDescription))")
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "wrote %@: %d tokens (%d merges) from %d distinct words in %.2f s", out,
                     tokenizer.model.vocab.count, tokenizer.model.merges.count, counts.distinctWords, seconds))
        if tokenizer.model.vocab.count < vocabSize {
            print("note: stopped below --vocab-size \(vocabSize): no pair occurs \(max(minFrequency, 1)) times or more")
        }
    }
}
