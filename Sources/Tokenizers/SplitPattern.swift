/// The pre-tokenizer regexes of the common byte-level BPE models, matched by hand over Unicode scalars.
///
/// Hugging Face compiles these with Oniguruma; Loom recognises them by their exact text and runs an equivalent
/// hand-written matcher (leftmost-first alternation, greedy quantifiers, and the `\s+(?!\S)` lookahead emulated by
/// giving back the last white-space character when a non-space follows). `NSRegularExpression` would be an order of
/// magnitude slower, and a general regex engine is not needed for the handful of patterns real tokenizers use.
public enum SplitPattern: Equatable, Sendable {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (GPT-2, RoBERTa, SmolLM,
    /// and the ByteLevel pre-tokenizer's `use_regex`).
    case gpt2
    /// The Llama 3 / cl100k pattern: case-insensitive contractions, a letter run with one leading non-letter,
    /// digits in groups of at most three, punctuation runs with trailing newlines, newline runs.
    case llama3
    /// Qwen2's variant of the Llama 3 pattern: one digit at a time.
    case qwen2

    static let gpt2Text = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    static let llama3Text =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let llama3CaseText =
        #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let qwen2Text =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let qwen2CaseText =
        #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// The pattern for a regex text found in a tokenizer.json, or nil when Loom has no matcher for it.
    public init?(regex: String) {
        switch regex {
        case Self.gpt2Text: self = .gpt2
        case Self.llama3Text, Self.llama3CaseText: self = .llama3
        case Self.qwen2Text, Self.qwen2CaseText: self = .qwen2
        default: return nil
        }
    }

    /// The regex text this pattern stands for (what a written tokenizer.json stores).
    public var regexText: String {
        switch self {
        case .gpt2: return Self.gpt2Text
        case .llama3: return Self.llama3Text
        case .qwen2: return Self.qwen2Text
        }
    }

    /// Append the end (scalar index) of every match to `ends`; the matches tile the whole input because every
    /// scalar is matched by one of the alternatives.
    func matchEnds(_ s: DecodedScalars, into ends: inout [Int]) {
        let n = s.count
        var i = 0
        s.values.withUnsafeBufferPointer { v in
            s.classes.withUnsafeBufferPointer { c in
                while i < n {
                    let e: Int
                    switch self {
                    case .gpt2: e = Self.gpt2Match(v, c, i, n)
                    case .llama3: e = Self.llama3Match(v, c, i, n, maxDigits: 3)
                    case .qwen2: e = Self.llama3Match(v, c, i, n, maxDigits: 1)
                    }
                    ends.append(e)
                    i = e
                }
            }
        }
    }

    @inline(__always)
    private static func run(_ c: UnsafeBufferPointer<ScalarClass>, _ from: Int, _ n: Int, _ cls: ScalarClass) -> Int {
        var j = from
        while j < n && c[j] == cls { j += 1 }
        return j
    }

    @inline(__always)
    private static func whitespaceRun(_ c: UnsafeBufferPointer<ScalarClass>, _ from: Int, _ n: Int) -> Int {
        var j = from
        while j < n && c[j].isWhitespace { j += 1 }
        return j
    }

    /// `\s+(?!\S)|\s+` at `i`, where `c[i]` is white space.
    @inline(__always)
    private static func trailingSpace(_ c: UnsafeBufferPointer<ScalarClass>, _ i: Int, _ n: Int) -> Int {
        let j = whitespaceRun(c, i, n)
        if j == n || j - i == 1 { return j }
        return j - 1
    }

    @inline(__always)
    private static func contraction(_ v: UnsafeBufferPointer<UInt32>, _ i: Int, _ n: Int, caseInsensitive: Bool) -> Int? {
        guard v[i] == 0x27, i + 1 < n else { return nil }
        var a = v[i + 1]
        if caseInsensitive && a >= 0x41 && a <= 0x5A { a += 0x20 }
        switch a {
        case 0x73, 0x74, 0x6D, 0x64: return i + 2 // s t m d
        case 0x72, 0x76, 0x6C: // r v l
            guard i + 2 < n else { return nil }
            var b = v[i + 2]
            if caseInsensitive && b >= 0x41 && b <= 0x5A { b += 0x20 }
            if (a == 0x72 || a == 0x76) && b == 0x65 { return i + 3 } // re ve
            if a == 0x6C && b == 0x6C { return i + 3 } // ll
            return nil
        default: return nil
        }
    }

    private static func gpt2Match(_ v: UnsafeBufferPointer<UInt32>, _ c: UnsafeBufferPointer<ScalarClass>,
                                  _ i: Int, _ n: Int) -> Int {
        if let e = contraction(v, i, n, caseInsensitive: false) { return e }
        let ci = c[i]
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
        if v[i] == 0x20 && i + 1 < n {
            let next = c[i + 1]
            if next == .letter || next == .number || next == .other { return run(c, i + 1, n, next) }
        }
        if ci == .letter || ci == .number || ci == .other { return run(c, i, n, ci) }
        return trailingSpace(c, i, n)
    }

    private static func llama3Match(_ v: UnsafeBufferPointer<UInt32>, _ c: UnsafeBufferPointer<ScalarClass>,
                                    _ i: Int, _ n: Int, maxDigits: Int) -> Int {
        if let e = contraction(v, i, n, caseInsensitive: true) { return e }
        let ci = c[i]
        // `[^\r\n\p{L}\p{N}]?\p{L}+`
        if (ci == .space || ci == .other) && i + 1 < n && c[i + 1] == .letter { return run(c, i + 1, n, .letter) }
        if ci == .letter { return run(c, i, n, .letter) }
        // `\p{N}{1,3}`
        if ci == .number {
            var j = i + 1
            while j < n && j - i < maxDigits && c[j] == .number { j += 1 }
            return j
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        var k = -1
        if v[i] == 0x20 && i + 1 < n && c[i + 1] == .other { k = i + 1 } else if ci == .other { k = i }
        if k >= 0 {
            var j = run(c, k, n, .other)
            while j < n && c[j] == .newline { j += 1 }
            return j
        }
        // `\s*[\r\n]+`: the white-space run up to and including its last newline.
        let j = whitespaceRun(c, i, n)
        var last = j - 1
        while last >= i && c[last] != .newline { last -= 1 }
        if last >= i { return last + 1 }
        return trailingSpace(c, i, n)
    }
}
