/// A Hugging Face `BPE` model: a vocabulary, ranked merges, and the options that change how a word becomes symbols
/// (byte fallback, unknown token, `ignore_merges`, subword prefix/suffix).
///
/// Byte-level models are fed raw UTF-8 bytes: each byte starts as the token that spells it in the GPT-2 alphabet,
/// which is what HF's ByteLevel pre-tokenizer followed by BPE computes. Other models are fed characters, with
/// `<0xXX>` byte tokens for characters missing from the vocabulary when `byte_fallback` is on.
public final class BPEModel: Sendable {
    /// Token text → id (tokens as stored in the file, so byte-level ones are spelled in the GPT-2 alphabet).
    /// A Swift dictionary merges canonically equivalent keys ("Å" U+00C5 and U+212B); `entries` and `id(of:)` do not.
    public let vocab: [String: UInt32]
    /// Every (token, id) of the vocabulary as the file lists it.
    public let entries: [(String, UInt32)]
    /// Token UTF-8 bytes → id: byte-exact lookups, as in HF.
    private let tokenIds: ByteStringTable
    /// Merges in rank order, as token texts.
    public let merges: [(String, String)]
    public let unknownToken: String?
    public let fuseUnknown: Bool
    public let byteFallback: Bool
    public let ignoreMerges: Bool
    public let continuingSubwordPrefix: String?
    public let endOfWordSuffix: String?
    /// Whether words arrive as raw bytes to be spelled in the GPT-2 alphabet.
    public let byteLevel: Bool

    let mergeTable: MergeTable
    let unknownId: UInt32?
    /// Byte-level: the id of the alphabet character for each byte, or -1.
    private let byteUnitIds: [Int32]
    /// Byte fallback: the id of `<0xXX>` for each byte, or -1.
    private let fallbackIds: [Int32]
    /// Character mode: ASCII ids, or -1.
    private let asciiIds: [Int32]
    private let scalarIds: [UInt32: UInt32]
    /// Whole words (raw bytes) → id, for `ignore_merges`.
    private let wordIds: ByteStringTable?
    /// Whether a word may be cut before each `▁` without changing its ids: no merge joins a symbol to a following
    /// one that starts with `▁` (and `▁` is itself a token), so BPE never crosses those points. SentencePiece-style
    /// models without a pre-tokenizer (Llama 2) see whole lines as one word; cutting them lets the word cache work.
    let cutsBeforeMetaspace: Bool

    convenience init(vocab: [String: UInt32], merges: [(String, String)], unknownToken: String?, fuseUnknown: Bool,
                     byteFallback: Bool, ignoreMerges: Bool, continuingSubwordPrefix: String?, endOfWordSuffix: String?,
                     byteLevel: Bool, file: String = "tokenizer.json", mergesPath: String = "model.merges") throws {
        try self.init(entries: vocab.map { ($0.key, $0.value) }.sorted { $0.1 < $1.1 }, merges: merges,
                      unknownToken: unknownToken, fuseUnknown: fuseUnknown, byteFallback: byteFallback,
                      ignoreMerges: ignoreMerges, continuingSubwordPrefix: continuingSubwordPrefix,
                      endOfWordSuffix: endOfWordSuffix, byteLevel: byteLevel, file: file, mergesPath: mergesPath)
    }

    init(entries: [(String, UInt32)], merges: [(String, String)], unknownToken: String?, fuseUnknown: Bool,
         byteFallback: Bool, ignoreMerges: Bool, continuingSubwordPrefix: String?, endOfWordSuffix: String?,
         byteLevel: Bool, file: String = "tokenizer.json", mergesPath: String = "model.merges") throws {
        self.entries = entries
        var dictionary: [String: UInt32] = [:]
        let ids = ByteStringMap(capacity: entries.count)
        for (token, id) in entries {
            if dictionary[token] == nil { dictionary[token] = id }
            let bytes = Array(token.utf8)
            bytes.withUnsafeBufferPointer { p in
                // A repeated key keeps its last id, as serde's map does.
                if ids.find(p) == nil { ids.insert(p, id) } else { ids.update(p, id) }
            }
        }
        self.vocab = dictionary
        self.tokenIds = ids.frozen()
        func vocab(_ s: String) -> UInt32? { Array(s.utf8).withUnsafeBufferPointer { ids.find($0) } }
        self.merges = merges
        self.unknownToken = unknownToken
        self.fuseUnknown = fuseUnknown
        self.byteFallback = byteFallback
        self.ignoreMerges = ignoreMerges
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.endOfWordSuffix = endOfWordSuffix
        self.byteLevel = byteLevel

        var table = MergeTable(capacity: max(16, merges.count))
        let prefixLength = continuingSubwordPrefix?.utf8.count ?? 0
        for (rank, (a, b)) in merges.enumerated() {
            guard let left = vocab(a) else {
                throw TokenizerError.inconsistent(file: file, path: "\(mergesPath)[\(rank)]",
                                                  reason: "merge names \(a.debugDescription), which is not in the vocabulary")
            }
            guard let right = vocab(b) else {
                throw TokenizerError.inconsistent(file: file, path: "\(mergesPath)[\(rank)]",
                                                  reason: "merge names \(b.debugDescription), which is not in the vocabulary")
            }
            let mergedText = a + String(decoding: b.utf8.dropFirst(prefixLength), as: UTF8.self)
            guard let merged = vocab(mergedText) else {
                throw TokenizerError.inconsistent(file: file, path: "\(mergesPath)[\(rank)]",
                                                  reason: "the merged token \(mergedText.debugDescription) is not in the vocabulary")
            }
            table.set(left: left, right: right, rank: UInt32(rank), merged: merged)
        }
        mergeTable = table
        if let unk = unknownToken {
            guard let id = vocab(unk) else {
                throw TokenizerError.inconsistent(file: file, path: "model.unk_token",
                                                  reason: "the unknown token \(unk.debugDescription) is not in the vocabulary")
            }
            unknownId = id
        } else {
            unknownId = nil
        }
        byteUnitIds = (0..<256).map { b in
            vocab(String(ByteLevelAlphabet.scalars[b])).map { Int32($0) } ?? -1
        }
        fallbackIds = (0..<256).map { b in
            vocab(Self.byteTokenText(UInt8(b))).map { Int32($0) } ?? -1
        }
        asciiIds = (0..<128).map { b in vocab(String(Unicode.Scalar(UInt8(b)))).map { Int32($0) } ?? -1 }
        var scalars: [UInt32: UInt32] = [:]
        for (token, id) in entries {
            let s = token.unicodeScalars
            if s.count == 1, let v = s.first?.value, v >= 128 { scalars[v] = id }
        }
        scalarIds = scalars
        cutsBeforeMetaspace = !byteLevel && !ignoreMerges && continuingSubwordPrefix == nil && endOfWordSuffix == nil
            && vocab("\u{2581}") != nil && !merges.contains { $0.1.utf8.starts(with: "\u{2581}".utf8) }
        if ignoreMerges {
            let words = ByteStringMap(capacity: entries.count)
            for (token, id) in entries {
                let raw: [UInt8]? = byteLevel ? ByteLevelAlphabet.decode(token) : Array(token.utf8)
                guard let bytes = raw else { continue }
                bytes.withUnsafeBufferPointer { p in
                    if words.find(p) == nil { words.insert(p, id) }
                }
            }
            wordIds = words.frozen()
        } else {
            wordIds = nil
        }
    }

    /// `<0x0A>`: the byte-fallback token for a byte.
    static func byteTokenText(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    /// The size needed for an id → token table.
    var maxId: UInt32 { entries.map(\.1).max() ?? 0 }

    /// The id of a token, comparing UTF-8 bytes (never canonical equivalence).
    public func id(of token: String) -> UInt32? {
        Array(token.utf8).withUnsafeBufferPointer { tokenIds.find($0) }
    }

    /// Encode one pre-token (raw UTF-8 bytes) and append its ids.
    func encode(_ word: UnsafeBufferPointer<UInt8>, _ state: BPEState, into ids: inout [UInt32]) {
        guard word.count > 0 else { return }
        let cacheable = word.count <= 64
        var h: UInt64 = 0
        if cacheable {
            h = ByteStringMap.hash(word)
            if let entry = state.cache.find(word, hash: h) {
                let start = Int(state.cacheSpans[Int(entry)])
                let end = Int(state.cacheSpans[Int(entry) + 1])
                ids.append(contentsOf: state.cacheIds[start..<end])
                return
            }
        }
        let before = ids.count
        if let words = wordIds, let id = words.find(word) {
            ids.append(id)
        } else {
            if !buildSymbols(word, state) { buildSymbolsExactly(word, state) }
            state.mergeAll(mergeTable)
            state.appendSymbols(into: &ids)
        }
        if cacheable {
            if state.cache.count >= BPEState.cacheCapacity { state.clearCache() }
            state.cache.insert(word, hash: h, UInt32(state.cacheSpans.count - 1))
            state.cacheIds.append(contentsOf: ids[before...])
            state.cacheSpans.append(Int32(state.cacheIds.count))
        }
    }

    /// The fast path: every unit is in the vocabulary (or falls back to bytes) and there is no prefix/suffix.
    /// Returns false when the exact HF procedure is needed (unknown characters, prefixes).
    private func buildSymbols(_ word: UnsafeBufferPointer<UInt8>, _ state: BPEState) -> Bool {
        state.resetSymbols()
        if continuingSubwordPrefix != nil || endOfWordSuffix != nil { return false }
        if byteLevel {
            for b in word {
                let id = byteUnitIds[Int(b)]
                if id < 0 { return false }
                state.push(UInt32(id))
            }
            return true
        }
        var i = 0
        let n = word.count
        while i < n {
            let b0 = word[i]
            if b0 < 0x80 {
                let id = asciiIds[Int(b0)]
                if id >= 0 {
                    state.push(UInt32(id))
                } else if !pushFallback(word, i, 1, state) { return false }
                i += 1
                continue
            }
            let len = b0 < 0xE0 ? 2 : (b0 < 0xF0 ? 3 : 4)
            var v = UInt32(b0) & (len == 2 ? 0x1F : (len == 3 ? 0x0F : 0x07))
            for k in 1..<len where i + k < n { v = v << 6 | (UInt32(word[i + k]) & 0x3F) }
            if let id = scalarIds[v] {
                state.push(id)
            } else if !pushFallback(word, i, min(len, n - i), state) { return false }
            i += len
        }
        return true
    }

    @inline(__always)
    private func pushFallback(_ word: UnsafeBufferPointer<UInt8>, _ i: Int, _ len: Int, _ state: BPEState) -> Bool {
        guard byteFallback else { return false }
        for k in 0..<len where fallbackIds[Int(word[i + k])] < 0 { return false }
        for k in 0..<len { state.push(UInt32(fallbackIds[Int(word[i + k])])) }
        return true
    }

    /// HF's `merge_word`, step by step: prefix/suffix, byte fallback, the unknown token (fused or not), and the
    /// silent drop of unknown characters when there is no unknown token.
    private func buildSymbolsExactly(_ word: UnsafeBufferPointer<UInt8>, _ state: BPEState) {
        state.resetSymbols()
        let units: [String]
        if byteLevel {
            units = word.map { String(ByteLevelAlphabet.scalars[Int($0)]) }
        } else {
            units = String(decoding: word, as: UTF8.self).unicodeScalars.map { String($0) }
        }
        var pendingUnknown = false
        for (index, unit) in units.enumerated() {
            var s = unit
            if index > 0, let p = continuingSubwordPrefix { s = p + s }
            if index == units.count - 1, let x = endOfWordSuffix { s += x }
            if let id = id(of: s) {
                if pendingUnknown, let unk = unknownId { state.push(unk); pendingUnknown = false }
                state.push(id)
                continue
            }
            if byteFallback {
                let fallback = s.utf8.map { fallbackIds[Int($0)] }
                if fallback.allSatisfy({ $0 >= 0 }) {
                    for id in fallback { state.push(UInt32(id)) }
                    continue
                }
            }
            if let unk = unknownId {
                if pendingUnknown && !fuseUnknown { state.push(unk) }
                pendingUnknown = true
            }
        }
        if pendingUnknown, let unk = unknownId { state.push(unk) }
    }
}
