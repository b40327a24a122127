import Foundation
import Support

/// Tokenized examples kept beside the data (`.loom/tokenized/KEY.bin` next to the first data file), so that a run
/// that changes only hyperparameters (learning rate, steps, LoRA rank, even sequence length or packing, which act
/// after tokenization) does not tokenize its data again. The key is a content hash of everything the examples depend
/// on: each data file's bytes, the tokenizer's files, the prompt layout and its special tokens, the record format,
/// loss mode and column names, the record limit and the bad-record policy. Data files are hashed on every load;
/// hashing runs at memory speed, tokenizing at a few MB/s.
///
/// The cache is only a shortcut: any file that is missing, unreadable, or does not parse exactly (it is read as
/// untrusted input, every count checked against the bytes left) is ignored and rewritten; a folder that cannot be
/// written is skipped. The user's files are never touched; the cache is written atomically.
public struct TokenizedDataCache: Sendable {
    /// What one walk over a set of files produced: the examples, the records read, the records skipped and why.
    public struct Entry: Sendable, Equatable {
        public var records: Int
        public var skipped: [RecordProblem]
        public var examples: [TokenizedExample]

        public init(records: Int, skipped: [RecordProblem], examples: [TokenizedExample]) {
            self.records = records
            self.skipped = skipped
            self.examples = examples
        }
    }

    /// Bump when the examples for the same inputs would change (a tokenizer or template fix).
    static let version: UInt32 = 1
    static let magic = Array("LOOMTOK\u{1}".utf8)
    /// The newest entries kept per folder; older ones are removed after a write.
    static let keep = 4

    public let folder: URL
    public let key: String

    public var fileURL: URL { folder.appendingPathComponent("\(key).bin") }

    /// The cache for `urls` walked with `builder` under `data`'s settings; nil when there is nothing to key on.
    public init?(urls: [URL], limit: Int, data: RunConfig.Data, builder: ExampleBuilder, tokenizerFolder: URL,
                 shouldContinue: () -> Bool = { true }) throws {
        guard let first = urls.first else { return nil }
        var hasher = ContentHash.Hasher()
        func add(_ text: String) {
            Array(text.utf8).withUnsafeBytes { hasher.add($0) }
            hasher.endPart()
        }
        add("tokenized v\(Self.version)")
        for url in urls {
            add(url.standardizedFileURL.path)
            guard try Self.hashFile(url, into: &hasher, shouldContinue: shouldContinue) else { return nil }
        }
        for name in ["tokenizer.json", "tokenizer_config.json"] {
            let url = tokenizerFolder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) {
                add(name)
                guard try Self.hashFile(url, into: &hasher, shouldContinue: shouldContinue) else { return nil }
            }
        }
        let formatter = builder.formatter
        add("\(formatter.format.rawValue)|\(formatter.bosToken)|\(formatter.eosToken)|\(formatter.defaultSystemPrompt ?? "\u{0}")|\(formatter.spaceAfterReply)")
        add("\(data.format.rawValue)|\(data.loss.rawValue)|\(data.badRecords.rawValue)|\(limit)")
        for column in [data.instructionColumn, data.inputColumn, data.outputColumn, data.messagesColumn, data.promptColumn,
                       data.completionColumn, data.textColumn, data.systemColumn] { add(column) }
        key = hasher.hex
        folder = first.deletingLastPathComponent().appendingPathComponent(".loom/tokenized")
    }

    /// Hashes a file's bytes in 1 MiB chunks; false when it cannot be read (then nothing is cached).
    private static func hashFile(_ url: URL, into hasher: inout ContentHash.Hasher, shouldContinue: () -> Bool) throws -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        while true {
            if !shouldContinue() { throw CancellationError() }
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return false }
            guard let chunk, !chunk.isEmpty else { break }  // nil or empty: the end of the file
            chunk.withUnsafeBytes { hasher.add($0) }
        }
        hasher.endPart()
        return true
    }

    /// The cached entry, or nil when there is none or it does not read back exactly.
    public func load() -> Entry? {
        guard let data = try? Data(contentsOf: fileURL) else { return nil }
        return data.withUnsafeBytes { Self.decode($0) }
    }

    /// Writes the entry atomically and prunes old entries; failures are ignored (the cache is optional).
    public func store(_ entry: Entry) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Self.encode(entry), to: fileURL)
            prune()
        } catch {}
    }

    private func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        let entries = names.filter { $0.hasSuffix(".bin") }.compactMap { name -> (URL, Date)? in
            let url = folder.appendingPathComponent(name)
            guard let date = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { return nil }
            return (url, date)
        }
        for (url, _) in entries.sorted(by: { $0.1 > $1.1 }).dropFirst(Self.keep) { try? manager.removeItem(at: url) }
    }

    // MARK: Encoding (little-endian)

    static func encode(_ entry: Entry) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(64 + entry.examples.reduce(0) { $0 + 12 + 5 * $1.ids.count })
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) { u32(UInt32(s.utf8.count)); out.append(contentsOf: s.utf8) }
        out.append(contentsOf: magic)
        u32(version)
        u64(UInt64(entry.records))
        u32(UInt32(entry.skipped.count))
        for problem in entry.skipped {
            u64(UInt64(problem.line))
            string(problem.file)
            string(problem.message)
        }
        u64(UInt64(entry.examples.count))
        for example in entry.examples {
            u64(UInt64(example.line))
            u32(UInt32(example.ids.count))
            for id in example.ids { u32(UInt32(bitPattern: id)) }
            for learned in example.learned { out.append(learned ? 1 : 0) }
        }
        return Data(out)
    }

    /// Reads an entry back, checking every count against the bytes that remain; nil on any mismatch.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Entry? {
        var offset = 0
        func take(_ n: Int) -> UnsafeRawBufferPointer? {
            guard n >= 0, n <= bytes.count - offset else { return nil }
            defer { offset += n }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
        }
        func u32() -> UInt32? { take(4).map { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
        func u64() -> UInt64? { take(8).map { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }
        func count(_ perItem: Int) -> Int? {
            guard let n = u64(), n <= UInt64((bytes.count - offset) / perItem) else { return nil }
            return Int(n)
        }
        func string() -> String? {
            guard let n = u32(), let raw = take(Int(n)) else { return nil }
            return String(validating: raw, as: UTF8.self)
        }
        guard let head = take(magic.count), head.elementsEqual(magic), u32() == version,
              let records = u64(), records <= UInt64(Int.max), let skippedCount = u32(),
              Int(skippedCount) <= (bytes.count - offset) / 16 else { return nil }
        var skipped: [RecordProblem] = []
        for _ in 0..<Int(skippedCount) {
            guard let line = u64(), line <= UInt64(Int.max), let file = string(), let message = string() else { return nil }
            skipped.append(RecordProblem(file: file, line: Int(line), message: message))
        }
        guard let exampleCount = count(12) else { return nil }
        var examples: [TokenizedExample] = []
        examples.reserveCapacity(exampleCount)
        for _ in 0..<exampleCount {
            guard let line = u64(), line <= UInt64(Int.max), let n32 = u32() else { return nil }
            let n = Int(n32)
            guard let idBytes = take(4 * n), let learnedBytes = take(n) else { return nil }
            var ids = [Int32](repeating: 0, count: n)
            for i in 0..<n { ids[i] = Int32(littleEndian: idBytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) }
            var learned = [Bool](repeating: false, count: n)
            for i in 0..<n {
                switch learnedBytes[i] {
                case 0: break
                case 1: learned[i] = true
                default: return nil
                }
            }
            examples.append(TokenizedExample(ids: ids, learned: learned, line: Int(line)))
        }
        guard offset == bytes.count else { return nil }
        return Entry(records: Int(records), skipped: skipped, examples: examples)
    }
}
