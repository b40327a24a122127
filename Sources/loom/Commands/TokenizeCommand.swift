import ArgumentParser
import Datasets
import Foundation
import Tokenizers

/// `loom tokenize`: token ids of each line of a text file, or of a text field of each JSONL record, as JSON lines,
/// with the exact ids Hugging Face `tokenizers` gives for the same tokenizer.json.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print token ids (one JSON array per input line or JSONL record).",
        discussion: """
            A .jsonl/.ndjson file (gzip allowed), or any file with --field, is read as the data browser reads it \
            (JSON lines, a JSON array, CSV or TSV) and the string in --field (default "text") of each record is \
            tokenized; other files are tokenized line by line. Lines that are not valid UTF-8 are decoded with \
            U+FFFD replacement first, as bytes.decode('utf-8', 'replace') would. A UTF-8 byte-order mark at the \
            start of a file is not text and is skipped.
            """
    )

    @Option(name: .long, help: "A tokenizer.json file, or a model folder that contains one.")
    var tokenizer: String

    @Option(name: .long, help: "The string field of each JSONL record to tokenize (default: text).")
    var field: String?

    @Flag(name: .long, help: "Do not add the post-processor's special tokens (BOS/EOS).")
    var noSpecialTokens = false

    @Argument(help: "The input file (text or JSONL); - for standard input.")
    var file: String

    func run() throws {
        let loaded: Tokenizer
        do { loaded = try Tokenizer.load(path: tokenizer) } catch { throw ValidationError("\(error)") }
        let encoder = loaded.makeEncoder()
        let jsonl = field != nil || [".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"].contains { file.hasSuffix($0) }
        var output = TokenizerCommandOutput()
        defer { output.flush() } // lines before a bad record are still printed
        if jsonl {
            try forEachText(field: field ?? "text") { text in
                output.write(encoder.encode(text, addSpecialTokens: !noSpecialTokens))
            }
        } else {
            try LineReader.forEachLine(path: file) { _, line in
                output.write(encoder.encode(String(decoding: line, as: UTF8.self), addSpecialTokens: !noSpecialTokens))
            }
        }
    }

    /// The string in `field` of each record, read through the Datasets readers (as the browser reads the file:
    /// gzip, a byte-order mark, blank lines and line numbers alike). Standard input is copied to a temporary file
    /// first, since the readers read by position.
    private func forEachText(field key: String, _ body: (String) throws -> Void) throws {
        let path = file == "-" ? try TokenizeCommand.copyStandardInput() : file
        defer { if file == "-" { try? FileManager.default.removeItem(atPath: path) } }
        let name = file == "-" ? "standard input" : file
        let dataset: Dataset
        do { dataset = try Dataset.open(path: path) } catch let error as DatasetError {
            if error.kind == .empty { return } // nothing to tokenize: no output, as for a file of blank lines
            throw ValidationError(error.description)
        }
        do {
            try dataset.forEachRecord { record in
                guard case .value(let value) = record.content, case .object = value else {
                    var reason = "not a JSON object"
                    if case .malformed(_, let problem) = record.content { reason += " (\(problem))" }
                    throw ValidationError("\(name):\(record.line): \(reason); fix the line or pass a plain text file")
                }
                guard case .string(let text)? = value[key] else {
                    throw ValidationError("\(name):\(record.line): no string field \"\(key)\"; choose one with --field")
                }
                try body(text)
            }
        } catch let error as DatasetError {
            throw ValidationError(error.description)
        }
    }

    /// Copies standard input to a new temporary file and returns its path.
    private static func copyStandardInput() throws -> String {
        let path = NSTemporaryDirectory() + "/loom-tokenize-stdin-\(getpid()).jsonl"
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let out = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot create a temporary file in \(NSTemporaryDirectory()) for standard input")
        }
        defer { try? out.close() }
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            out.write(chunk)
        }
        return path
    }
}

/// Buffered JSON-lines output of id arrays.
struct TokenizerCommandOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ ids: [UInt32]) {
        buffer.append(UInt8(ascii: "["))
        for (i, id) in ids.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: String(id).utf8)
        }
        buffer.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
