import Foundation
import Support
import Synchronization

/// A Hugging Face `tokenizer.json` loaded for encoding and decoding with the same ids as HF `tokenizers`.
///
/// The pipeline is HF's: added tokens are found in the raw text first (then, for `normalized` ones, in the
/// normalized text), the remaining text is normalized, pre-tokenized into pieces, each piece is encoded by the BPE
/// model, and the post-processor adds BOS/EOS. Invalid UTF-8 can never reach it: `encode(bytes:)` decodes bytes
/// with U+FFFD replacement first, which is what `bytes.decode("utf-8", "replace")` followed by HF gives.
///
/// A `Tokenizer` is immutable and can be shared between threads; `encode` borrows per-thread scratch memory and a
/// word cache from a small pool. For bulk work on one thread, `makeEncoder()` avoids the pool.
public final class Tokenizer: Sendable {
    public let model: BPEModel
    public let normalizer: Normalizer?
    public let preTokenizer: PreTokenizer?
    public let postProcessor: PostProcessor?
    public let decoder: TokenDecoder?
    public let addedTokens: [AddedToken]
    /// Where the tokenizer came from, for messages.
    public let source: String

    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher
    private let tokensById: [String?]
    private let addedById: [UInt32: AddedToken]
    /// Encoders not in use, for `encode` on any thread (at most 8 kept).
    private let idle = Mutex<[PooledEncoder]>([])

    /// Load `tokenizer.json` from a file path.
    public convenience init(contentsOfFile path: String) throws {
        let data: Data
        do { data = try RegularFile.read(path, limit: 1 << 30) } catch let error as RegularFileError {
            throw TokenizerError.unreadable(file: path, reason: error.reason)
        }
        try self.init(json: data, source: path)
    }

    /// Load a tokenizer from a `tokenizer.json` file or from a model folder that contains one.
    public static func load(path: String) throws -> Tokenizer {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return try Tokenizer(contentsOfFile: (path as NSString).appendingPathComponent("tokenizer.json"))
        }
        return try Tokenizer(contentsOfFile: path)
    }

    /// Load `tokenizer.json` from its bytes; `source` names it in errors.
    public convenience init(json data: Data, source: String = "tokenizer.json") throws {
        let root = try JSONNode.parse(data: data, file: source)
        guard root.isObject else { throw root.malformed("expected a JSON object") }
        let modelNode = try root.required("model")
        if let type = modelNode.child("type") {
            let name = try type.string()
            guard name == "BPE" else { throw type.unsupported("model \(name) (Loom supports BPE models)") }
        }
        if let dropout = modelNode.child("dropout"), try dropout.double() > 0 {
            throw dropout.unsupported("BPE dropout (non-deterministic encoding)")
        }
        let normalizer = try root.child("normalizer").map(Normalizer.load)
        let preTokenizer = try root.child("pre_tokenizer").map(PreTokenizer.load)
        let postProcessor = try root.child("post_processor").map(PostProcessor.load)
        let decoder = try root.child("decoder").map(TokenDecoder.load)
        let added = try root.child("added_tokens")?.array().map(AddedToken.load) ?? []

        let vocabNode = try modelNode.required("vocab")
        var vocab: [(String, UInt32)] = []
        for (token, idNode) in try vocabNode.object() {
            let id = try idNode.int()
            guard id >= 0 && id < 1 << 24 else { throw idNode.malformed("token id \(id) out of range 0..<16777216") }
            vocab.append((token, UInt32(id)))
        }
        // Ids index a table: a sparse id far beyond the number of tokens would make it huge.
        let idLimit = 4 * (vocab.count + added.count) + 65_536
        if let (token, id) = vocab.max(by: { $0.1 < $1.1 }), Int(id) >= idLimit {
            throw TokenizerError.malformed(file: source, path: "model.vocab.\(token)",
                                           reason: "token id \(id) is far beyond the \(vocab.count) tokens (a sparse or hostile vocabulary)")
        }
        for (index, token) in added.enumerated() where Int(token.id) >= idLimit {
            throw TokenizerError.malformed(file: source, path: "added_tokens[\(index)].id",
                                           reason: "token id \(token.id) is far beyond the \(vocab.count) tokens")
        }
        let mergesNode = try modelNode.child("merges")?.array() ?? []
        var merges: [(String, String)] = []
        merges.reserveCapacity(mergesNode.count)
        for m in mergesNode {
            if let line = m.stringValue {
                // Split the bytes: a space followed by a combining mark is one Swift Character.
                let parts = line.utf8.split(separator: 0x20, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw m.malformed("a merge must be two tokens separated by one space") }
                merges.append((String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self)))
            } else {
                let pair = try m.array()
                guard pair.count == 2 else { throw m.malformed("a merge must be a pair of tokens") }
                merges.append((try pair[0].string(), try pair[1].string()))
            }
        }
        let model = try BPEModel(
            entries: vocab, merges: merges,
            unknownToken: try modelNode.optionalString("unk_token"),
            fuseUnknown: try modelNode.optionalBool("fuse_unk", default: false),
            byteFallback: try modelNode.optionalBool("byte_fallback", default: false),
            ignoreMerges: try modelNode.optionalBool("ignore_merges", default: false),
            continuingSubwordPrefix: try modelNode.optionalString("continuing_subword_prefix"),
            endOfWordSuffix: try modelNode.optionalString("end_of_word_suffix"),
            byteLevel: preTokenizer?.isByteLevel ?? false,
            file: source)
        try self.init(model: model, normalizer: normalizer, preTokenizer: preTokenizer,
                      postProcessor: postProcessor, decoder: decoder, addedTokens: added, source: source)
    }

    /// Assemble a tokenizer from its parts (used by the trainer and by tests).
    public init(model: BPEModel, normalizer: Normalizer?, preTokenizer: PreTokenizer?,
                postProcessor: PostProcessor?, decoder: TokenDecoder?, addedTokens: [AddedToken],
                source: String = "tokenizer") throws {
        self.model = model
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.postProcessor = postProcessor
        self.decoder = decoder
        self.addedTokens = addedTokens
        self.source = source
        let raw = addedTokens.filter { !$0.normalized }
        rawMatcher = AddedTokenMatcher(tokens: raw, patterns: raw.map(\.content))
        let normalized = addedTokens.filter(\.normalized)
        normalizedMatcher = AddedTokenMatcher(tokens: normalized,
                                              patterns: normalized.map { normalizer?.apply($0.content) ?? $0.content })
        let maxId = max(model.maxId, addedTokens.map(\.id).max() ?? 0)
        var table = [String?](repeating: nil, count: Int(maxId) + 1)
        for (token, id) in model.entries { table[Int(id)] = token }
        var byId: [UInt32: AddedToken] = [:]
        for t in addedTokens {
            table[Int(t.id)] = t.content
            byId[t.id] = t
        }
        tokensById = table
        addedById = byId
    }

    /// One more than the largest id (the size of an embedding table for this tokenizer).
    public var vocabularySize: Int { tokensById.count }

    /// The text of a token (byte-level tokens are spelled in the GPT-2 alphabet), or nil for an unknown id.
    public func token(for id: UInt32) -> String? {
        Int(id) < tokensById.count ? tokensById[Int(id)] : nil
    }

    /// The id of a token text: added tokens first, then the model's vocabulary.
    public func id(for token: String) -> UInt32? {
        if let t = addedTokens.first(where: { $0.content.utf8.elementsEqual(token.utf8) }) { return t.id }
        return model.id(of: token)
    }

    public func isSpecial(_ id: UInt32) -> Bool { addedById[id]?.special ?? false }

    /// An encoder with its own scratch memory and word cache, for one thread.
    public func makeEncoder() -> TokenEncoder { TokenEncoder(self) }

    /// Encode text. `addSpecialTokens` applies the post-processor (BOS/EOS), like HF's `add_special_tokens`.
    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [UInt32] {
        let lent = lendEncoder()
        defer { putBack(lent) }
        return lent.encoder.withLock { $0.encode(text, addSpecialTokens: addSpecialTokens) }
    }

    /// Encode a pair of texts with the post-processor's pair template.
    public func encode(_ text: String, pair: String, addSpecialTokens: Bool = true) -> [UInt32] {
        let lent = lendEncoder()
        defer { putBack(lent) }
        let (a, b) = lent.encoder.withLock {
            ($0.encode(text, addSpecialTokens: false), $0.encode(pair, addSpecialTokens: false))
        }
        guard addSpecialTokens, let post = postProcessor else { return a + b }
        return post.process(a, b)
    }

    /// Encode raw bytes that may not be valid UTF-8: invalid sequences become U+FFFD first (as Python's
    /// `bytes.decode("utf-8", "replace")` does), since HF tokenizers only accept valid strings.
    public func encode(bytes: [UInt8], addSpecialTokens: Bool = true) -> [UInt32] {
        encode(String(decoding: bytes, as: UTF8.self), addSpecialTokens: addSpecialTokens)
    }

    /// An idle pooled encoder, or a new one.
    private func lendEncoder() -> PooledEncoder {
        idle.withLock { $0.popLast() } ?? PooledEncoder(TokenEncoder(self, retainsTokenizer: false))
    }

    /// Returns an encoder to the pool (at most 8 are kept).
    private func putBack(_ lent: PooledEncoder) {
        idle.withLock { if $0.count < 8 { $0.append(lent) } }
    }

    /// Decode ids to text with the tokenizer's decoder (HF's `decode`). Unknown ids are skipped.
    public func decode(_ ids: [UInt32], skipSpecialTokens: Bool = false) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            guard let t = token(for: id) else { continue }
            if skipSpecialTokens, let added = addedById[id], added.special { continue }
            tokens.append(t)
        }
        guard let decoder else { return tokens.joined(separator: " ") }
        return decoder.decodeChain(tokens).joined()
    }

    /// Decode incrementally, one id at a time, without splitting characters whose UTF-8 spans several tokens.
    public func makeStreamingDecoder(skipSpecialTokens: Bool = false) -> StreamingDecoder {
        StreamingDecoder(tokenizer: self, skipSpecialTokens: skipSpecialTokens)
    }
}
