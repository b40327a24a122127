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
            A .jsonl/.ndjson file (or any file with --field) is read as JSON lines and the string in --field \
            (default "text") of each record is tokenized; other files are tokenized line by line. Lines that are \
            not valid UTF-8 are decoded with U+FFFD replacement first, as bytes.decode('utf-8', 'replace') would.
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
        let jsonl = field != nil || file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson")
        let key = field ?? "text"
        var output = TokenizerCommandOutput()
        defer { output.flush() } // lines before a bad record are still printed
        try LineReader.forEachLine(path: file) { number, line in
            let ids: [UInt32]
            if jsonl {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                // Datasets' parser: JSONSerialization on Linux drops a U+FEFF that starts a string.
                let record = line.withUnsafeBytes { try? JSONParser.parse($0) }
                guard let record, case .object = record else {
                    throw ValidationError("\(file):\(number): not a JSON object; fix the line or pass a plain text file")
                }
                guard case .string(let text)? = record[key] else {
                    throw ValidationError("\(file):\(number): no string field \"\(key)\"; choose one with --field")
                }
                ids = encoder.encode(text, addSpecialTokens: !noSpecialTokens)
            } else {
                ids = encoder.encode(String(decoding: line, as: UTF8.self), addSpecialTokens: !noSpecialTokens)
            }
            output.write(ids)
        }
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

/// Reads a file (or standard input) line by line in large chunks, without loading it whole.
enum LineReader {
    /// Calls `body` with each line's number (from 1) and bytes, without the newline (a trailing `\r` is kept only
    /// when it is not followed by `\n`).
    static func forEachLine(path: String, _ body: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("\(path): cannot open the file")
            }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        var pending: [UInt8] = []
        var number = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                var end = newline
                if end > start && pending[end - 1] == 0x0D { end -= 1 }
                try body(number, pending[start..<end])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty {
            number += 1
            try body(number, pending[...])
        }
    }
}
