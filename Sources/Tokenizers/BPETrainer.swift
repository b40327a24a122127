import Foundation

/// Trains a byte-level BPE tokenizer the way HF `tokenizers`' `BpeTrainer` does, merge for merge: the same word
/// counting (each line, newline included, pre-tokenized with the GPT-2 / Llama 3 / Qwen2 pattern), the same alphabet
/// (special tokens, then all 256 byte characters in code-point order), and the same choice of the next merge (the
/// most frequent pair; ties go to the pair of smallest ids), so that the merges and ids equal HF's.
public struct BPETrainer: Sendable {
    /// The wanted vocabulary size, special tokens and byte alphabet included.
    public var vocabularySize: Int
    /// Pairs seen fewer times than this are not merged.
    public var minimumFrequency: Int
    /// Added as special tokens with the first ids, in this order.
    public var specialTokens: [String]
    /// The pre-tokenizer regex.
    public var pattern: SplitPattern

    public init(vocabularySize: Int, minimumFrequency: Int = 0, specialTokens: [String] = [],
                pattern: SplitPattern = .gpt2) {
        self.vocabularySize = vocabularySize
        self.minimumFrequency = minimumFrequency
        self.specialTokens = specialTokens
        self.pattern = pattern
    }

    /// A snapshot of training progress, for observers on other threads.
    public struct Progress: Sendable {
        public enum Phase: Sendable { case counting, merging }
        public var phase: Phase
        public var done: Int
        public var total: Int
    }

    /// Word counts from text: each line (with its newline) pre-tokenized, the way HF's `train(files)` reads files.
    public struct WordCounts: Sendable {
        var counts: [String: Int] = [:]
        public var distinctWords: Int { counts.count }
    }

    public func countWords(in texts: [String]) -> WordCounts {
        var result = WordCounts()
        addWords(from: texts, to: &result)
        return result
    }

    public func countWords(inFiles paths: [String]) throws -> WordCounts {
        var result = WordCounts()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TokenizerError.training(reason: "cannot read \(path)")
            }
            addWords(from: [String(decoding: data, as: UTF8.self)], to: &result)
        }
        return result
    }

    private func addWords(from texts: [String], to result: inout WordCounts) {
        let pre = PreTokenizer.split(.regex(pattern), behavior: .isolated, invert: false)
        var scratch = PreTokenizerScratch()
        for text in texts {
            let bytes = Array(text.utf8)
            var lineStart = 0
            var i = 0
            while lineStart < bytes.count {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                let end = min(i + 1, bytes.count)
                var segment = PreTokenizedSegment(bytes: bytes, pieces: [lineStart..<end], atInputStart: true)
                pre.apply(&segment, &scratch)
                for piece in segment.pieces where !piece.isEmpty {
                    result.counts[ByteLevelAlphabet.encode(bytes[piece]), default: 0] += 1
                }
                lineStart = end
                i = end
            }
        }
    }

    /// Train on text files and return the tokenizer.
    public func train(files: [String], progress: ((Progress) -> Void)? = nil,
                      shouldContinue: () -> Bool = { true }) throws -> Tokenizer {
        try train(counts: try countWords(inFiles: files), progress: progress, shouldContinue: shouldContinue)
    }

    /// Train on counted words and return the tokenizer.
    public func train(counts wordCounts: WordCounts, progress: ((Progress) -> Void)? = nil,
                      shouldContinue: () -> Bool = { true }) throws -> Tokenizer {
        let alphabetSize = 256 + Set(specialTokens).count
        guard vocabularySize >= alphabetSize else {
            throw TokenizerError.training(reason: "vocabulary size \(vocabularySize) is smaller than the byte alphabet "
                + "and special tokens (\(alphabetSize)); use --vocab-size \(alphabetSize) or more")
        }
        var wordToId: [String: UInt32] = [:]
        var idToWord: [String] = []
        for s in specialTokens where wordToId[s] == nil {
            wordToId[s] = UInt32(idToWord.count)
            idToWord.append(s)
        }
        for scalar in ByteLevelAlphabet.scalars.sorted(by: { $0.value < $1.value }) {
            let s = String(scalar)
            if wordToId[s] == nil {
                wordToId[s] = UInt32(idToWord.count)
                idToWord.append(s)
            }
        }
        // Words as symbol ids, with their counts.
        var words: [[UInt32]] = []
        var counts: [Int] = []
        words.reserveCapacity(wordCounts.counts.count)
        for (word, count) in wordCounts.counts {
            words.append(word.unicodeScalars.compactMap { wordToId[String($0)] })
            counts.append(count)
        }
        // Pair counts and where each pair occurs.
        var pairCounts: [UInt64: Int] = [:]
        var whereToUpdate: [UInt64: Set<Int>] = [:]
        for (w, symbols) in words.enumerated() where symbols.count > 1 {
            for k in 0..<(symbols.count - 1) {
                let pair = UInt64(symbols[k]) << 32 | UInt64(symbols[k + 1])
                pairCounts[pair, default: 0] += counts[w]
                whereToUpdate[pair, default: []].insert(w)
            }
        }
        var queue = MergeQueue()
        for (pair, positions) in whereToUpdate {
            let c = pairCounts[pair] ?? 0
            if c > 0 { queue.push(.init(pair: pair, count: c, positions: positions)) }
        }
        whereToUpdate.removeAll()
        var merges: [(String, String)] = []
        let target = vocabularySize
        while idToWord.count < target, var top = queue.pop() {
            if !shouldContinue() { throw TokenizerError.training(reason: "cancelled") }
            let current = pairCounts[top.pair] ?? 0
            if top.count != current {
                top.count = current
                queue.push(top)
                continue
            }
            if top.count < 1 || minimumFrequency > top.count { break }
            let a = UInt32(truncatingIfNeeded: top.pair >> 32), b = UInt32(truncatingIfNeeded: top.pair)
            let newToken = idToWord[Int(a)] + idToWord[Int(b)]
            let newId: UInt32
            if let existing = wordToId[newToken] {
                newId = existing
            } else {
                newId = UInt32(idToWord.count)
                wordToId[newToken] = newId
                idToWord.append(newToken)
            }
            merges.append((idToWord[Int(a)], idToWord[Int(b)]))
            for w in top.positions {
                Self.merge(&words[w], a, b, newId) { pair, change in
                    pairCounts[pair, default: 0] += change * counts[w]
                    if change > 0 { whereToUpdate[pair, default: []].insert(w) }
                }
            }
            for (pair, positions) in whereToUpdate {
                let c = pairCounts[pair] ?? 0
                if c > 0 { queue.push(.init(pair: pair, count: c, positions: positions)) }
            }
            whereToUpdate.removeAll(keepingCapacity: true)
            if merges.count % 100 == 0 {
                progress?(Progress(phase: .merging, done: idToWord.count, total: target))
            }
        }
        progress?(Progress(phase: .merging, done: idToWord.count, total: target))
        return try makeTokenizer(wordToId: wordToId, merges: merges)
    }

    /// HF's `Word::merge`: replace each occurrence of (a, b), left to right, reporting the pair counts that change.
    static func merge(_ symbols: inout [UInt32], _ a: UInt32, _ b: UInt32, _ replacement: UInt32,
                      _ change: (UInt64, Int) -> Void) {
        var i = 0
        while i < symbols.count {
            if symbols[i] == a && i + 1 < symbols.count && symbols[i + 1] == b {
                if i > 0 {
                    change(UInt64(symbols[i - 1]) << 32 | UInt64(a), -1)
                    change(UInt64(symbols[i - 1]) << 32 | UInt64(replacement), 1)
                }
                symbols.replaceSubrange(i...(i + 1), with: [replacement])
                if i < symbols.count - 1 {
                    change(UInt64(b) << 32 | UInt64(symbols[i + 1]), -1)
                    change(UInt64(replacement) << 32 | UInt64(symbols[i + 1]), 1)
                }
            }
            i += 1
        }
    }

    private func makeTokenizer(wordToId: [String: UInt32], merges: [(String, String)]) throws -> Tokenizer {
        let preTokenizer: PreTokenizer
        switch pattern {
        case .gpt2: preTokenizer = .byteLevel(addPrefixSpace: false, useRegex: true)
        default: preTokenizer = .sequence([.split(.regex(pattern), behavior: .isolated, invert: false),
                                           .byteLevel(addPrefixSpace: false, useRegex: false)])
        }
        let model = try BPEModel(vocab: wordToId, merges: merges, unknownToken: nil, fuseUnknown: false,
                                 byteFallback: false, ignoreMerges: false, continuingSubwordPrefix: nil,
                                 endOfWordSuffix: nil, byteLevel: true, file: "trained tokenizer")
        let added = specialTokens.compactMap { s in wordToId[s].map { AddedToken(id: $0, content: s) } }
        var seen = Set<UInt32>()
        return try Tokenizer(model: model, normalizer: nil, preTokenizer: preTokenizer, postProcessor: .byteLevel,
                             decoder: .byteLevel, addedTokens: added.filter { seen.insert($0.id).inserted },
                             source: "trained tokenizer")
    }
}
