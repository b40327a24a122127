/// A Hugging Face pre-tokenizer.
public indirect enum PreTokenizer: Sendable, Equatable {
    case sequence([PreTokenizer])
    /// Byte-level: optionally prefix a space, optionally split with the GPT-2 regex, then (conceptually) spell the
    /// bytes in the GPT-2 alphabet; Loom's BPE works on the raw bytes directly, which is equivalent.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    case split(SplitMatcher, behavior: SplitBehavior, invert: Bool)
    /// Isolate numeric characters, one by one or in runs.
    case digits(individual: Bool)
    /// SentencePiece's `▁`: replace spaces, prepend one (always, or only at the start of the input), split before it.
    case metaspace(replacement: String, prependScheme: PrependScheme, split: Bool)
    /// Split on white space and drop it.
    case whitespaceSplit
    /// HF's `Whitespace`: `\w+|[^\w\s]+` (runs of word characters, runs of other non-space characters).
    case whitespace
    /// Isolate punctuation characters (`Punctuation`, ASCII or Unicode P*).
    case punctuation(SplitBehavior)
    /// BERT's: split on white space (dropped) and isolate each punctuation character.
    case bert

    public enum PrependScheme: String, Sendable { case always, first, never }

    static func load(_ node: JSONNode) throws -> PreTokenizer {
        let type = try node.typeName()
        switch type {
        case "Sequence":
            return .sequence(try node.required("pretokenizers").array().map(load))
        case "ByteLevel":
            return .byteLevel(addPrefixSpace: try node.optionalBool("add_prefix_space", default: true),
                              useRegex: try node.optionalBool("use_regex", default: true))
        case "Split":
            let patternNode = try node.required("pattern")
            let matcher: SplitMatcher
            if let regex = patternNode.child("Regex") {
                let text = try regex.string()
                guard let pattern = SplitPattern(regex: text) else {
                    throw regex.unsupported("Split regex \(text.debugDescription) (Loom matches the GPT-2, Llama 3 and Qwen2 patterns)")
                }
                matcher = .regex(pattern)
            } else if let literal = patternNode.child("String") {
                let s = try literal.string()
                if s.isEmpty { throw literal.malformed("empty split pattern") }
                matcher = .literal(s)
            } else {
                throw patternNode.malformed("expected {\"Regex\": …} or {\"String\": …}")
            }
            let behaviorNode = try node.required("behavior")
            guard let behavior = SplitBehavior(rawValue: try behaviorNode.string()) else {
                throw behaviorNode.unsupported("split behavior \(try behaviorNode.string())")
            }
            return .split(matcher, behavior: behavior, invert: try node.optionalBool("invert", default: false))
        case "Digits":
            return .digits(individual: try node.optionalBool("individual_digits", default: false))
        case "Metaspace":
            let replacement = try node.child("replacement")?.string() ?? "▁"
            guard replacement.unicodeScalars.count == 1 else {
                throw node.malformed("Metaspace replacement must be one character")
            }
            var scheme: PrependScheme = .always
            if let s = node.child("prepend_scheme") {
                guard let parsed = PrependScheme(rawValue: try s.string()) else {
                    throw s.unsupported("prepend_scheme \(try s.string())")
                }
                scheme = parsed
            } else if let add = node.child("add_prefix_space") {
                scheme = try add.bool() ? .always : .never
            }
            return .metaspace(replacement: replacement, prependScheme: scheme,
                              split: try node.optionalBool("split", default: true))
        case "WhitespaceSplit":
            return .whitespaceSplit
        case "Whitespace":
            return .whitespace
        case "Punctuation":
            let name = try node.child("behavior")?.string() ?? "Isolated"
            guard let behavior = SplitBehavior(rawValue: name) else {
                throw node.unsupported("split behavior \(name)")
            }
            return .punctuation(behavior)
        case "BertPreTokenizer":
            return .bert
        default:
            throw node.unsupported("pre_tokenizer \(type)")
        }
    }

    /// Whether this pre-tokenizer spells bytes in the GPT-2 alphabet (so the model is byte-level).
    var isByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case .sequence(let steps): return steps.contains { $0.isByteLevel }
        default: return false
        }
    }

    func apply(_ segment: inout PreTokenizedSegment, _ scratch: inout PreTokenizerScratch) {
        switch self {
        case .sequence(let steps):
            for step in steps { step.apply(&segment, &scratch) }
        case let .byteLevel(addPrefixSpace, useRegex):
            if addPrefixSpace { Self.prefixSpace(&segment) }
            if useRegex { Self.split(&segment, &scratch, .regex(.gpt2), .isolated, invert: false) }
        case let .split(matcher, behavior, invert):
            Self.split(&segment, &scratch, matcher, behavior, invert: invert)
        case .digits(let individual):
            Self.splitScalars(&segment, &scratch, individual ? .isolated : .contiguous) {
                ScalarClass.of($0) == .number
            }
        case .whitespaceSplit:
            Self.splitScalars(&segment, &scratch, .removed) { ScalarClass.of($0).isWhitespace }
        case .whitespace:
            Self.wordRuns(&segment, &scratch)
        case .punctuation(let behavior):
            Self.splitScalars(&segment, &scratch, behavior, Self.isPunctuation)
        case .bert:
            Self.splitScalars(&segment, &scratch, .removed) { ScalarClass.of($0).isWhitespace }
            Self.splitScalars(&segment, &scratch, .isolated, Self.isPunctuation)
        case let .metaspace(replacement, scheme, split):
            Self.metaspace(&segment, &scratch, Array(replacement.utf8), scheme, split)
        }
    }

    private static func prefixSpace(_ segment: inout PreTokenizedSegment) {
        guard segment.pieces.contains(where: { segment.bytes[$0.lowerBound] != 0x20 }) else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.bytes.count + segment.pieces.count)
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(segment.pieces.count)
        for p in segment.pieces {
            let start = bytes.count
            if segment.bytes[p.lowerBound] != 0x20 { bytes.append(0x20) }
            bytes.append(contentsOf: segment.bytes[p])
            pieces.append(start..<bytes.count)
        }
        segment.bytes = bytes
        segment.pieces = pieces
    }

    /// Turn a tiling of a piece into (match?) parts into pieces, the way HF's `SplitDelimiterBehavior` does.
    static func applyBehavior(_ parts: [(Range<Int>, Bool)], _ behavior: SplitBehavior, into out: inout [Range<Int>]) {
        switch behavior {
        case .isolated:
            for (r, _) in parts { out.append(r) }
        case .removed:
            for (r, m) in parts where !m { out.append(r) }
        case .contiguous:
            let base = out.count
            var previous = false
            for (r, m) in parts {
                if m == previous, out.count > base { out[out.count - 1] = out[out.count - 1].lowerBound..<r.upperBound }
                else { out.append(r) }
                previous = m
            }
        case .mergedWithPrevious:
            let base = out.count
            var previous = false
            for (r, m) in parts {
                if m && !previous, out.count > base { out[out.count - 1] = out[out.count - 1].lowerBound..<r.upperBound }
                else { out.append(r) }
                previous = m
            }
        case .mergedWithNext:
            var reversed: [Range<Int>] = []
            var previous = false
            for (r, m) in parts.reversed() {
                if m && !previous, let last = reversed.last { reversed[reversed.count - 1] = r.lowerBound..<last.upperBound }
                else { reversed.append(r) }
                previous = m
            }
            out.append(contentsOf: reversed.reversed())
        }
    }

    private static func split(_ segment: inout PreTokenizedSegment, _ scratch: inout PreTokenizerScratch,
                              _ matcher: SplitMatcher, _ behavior: SplitBehavior, invert: Bool) {
        var out: [Range<Int>] = []
        out.reserveCapacity(segment.pieces.count * 4)
        segment.bytes.withUnsafeBufferPointer { buf in
            for piece in segment.pieces {
                switch matcher {
                case .regex(let pattern):
                    scratch.scalars.decode(buf, piece)
                    scratch.ends.removeAll(keepingCapacity: true)
                    pattern.matchEnds(scratch.scalars, into: &scratch.ends)
                    if behavior == .isolated || (!invert && behavior == .contiguous) {
                        // Every part is a match (the patterns tile the text): each match is a piece.
                        var start = 0
                        for e in scratch.ends {
                            out.append(Int(scratch.scalars.offsets[start])..<Int(scratch.scalars.offsets[e]))
                            start = e
                        }
                    } else {
                        var parts: [(Range<Int>, Bool)] = []
                        var start = 0
                        for e in scratch.ends {
                            parts.append((Int(scratch.scalars.offsets[start])..<Int(scratch.scalars.offsets[e]), !invert))
                            start = e
                        }
                        applyBehavior(parts, behavior, into: &out)
                    }
                case .literal(let text):
                    let p = Array(text.utf8)
                    var parts: [(Range<Int>, Bool)] = []
                    var i = piece.lowerBound, gap = piece.lowerBound
                    while i + p.count <= piece.upperBound {
                        if buf[i] == p[0] && (1..<p.count).allSatisfy({ buf[i + $0] == p[$0] }) {
                            if gap < i { parts.append((gap..<i, invert)) }
                            parts.append((i..<(i + p.count), !invert))
                            i += p.count
                            gap = i
                        } else {
                            i += 1
                        }
                    }
                    if gap < piece.upperBound { parts.append((gap..<piece.upperBound, invert)) }
                    applyBehavior(parts, behavior, into: &out)
                }
            }
        }
        segment.pieces = out
    }

    /// Split where single scalars satisfy `isMatch` (each matching scalar is one match, as for HF's char patterns).
    private static func splitScalars(_ segment: inout PreTokenizedSegment, _ scratch: inout PreTokenizerScratch,
                                     _ behavior: SplitBehavior, _ isMatch: (UInt32) -> Bool) {
        var out: [Range<Int>] = []
        segment.bytes.withUnsafeBufferPointer { buf in
            for piece in segment.pieces {
                scratch.scalars.decode(buf, piece)
                var parts: [(Range<Int>, Bool)] = []
                var gapStart = -1
                for k in 0..<scratch.scalars.count {
                    let r = Int(scratch.scalars.offsets[k])..<Int(scratch.scalars.offsets[k + 1])
                    if isMatch(scratch.scalars.values[k]) {
                        if gapStart >= 0 { parts.append((gapStart..<r.lowerBound, false)); gapStart = -1 }
                        parts.append((r, true))
                    } else if gapStart < 0 {
                        gapStart = r.lowerBound
                    }
                }
                if gapStart >= 0 { parts.append((gapStart..<piece.upperBound, false)) }
                applyBehavior(parts, behavior, into: &out)
            }
        }
        segment.pieces = out.filter { !$0.isEmpty }
    }

    /// HF's `is_ascii_punctuation() || is_punctuation()`: general category P* in the Unicode 8 tables of the
    /// `unicode_categories` crate (checked code point by code point against `tokenizers` 0.23): later additions are
    /// not punctuation there, and U+166D and U+111C9 still are.
    static func isPunctuation(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x21 && v <= 0x2F) || (v >= 0x3A && v <= 0x40) || (v >= 0x5B && v <= 0x60) || (v >= 0x7B && v <= 0x7E)
        }
        if v == 0x166D || v == 0x111C9 { return true }
        guard let s = Unicode.Scalar(v), let age = s.properties.age, age.major <= 8 else { return false }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// `\w+|[^\w\s]+`, keeping the matches: maximal runs of word characters and of other non-space characters.
    private static func wordRuns(_ segment: inout PreTokenizedSegment, _ scratch: inout PreTokenizerScratch) {
        var out: [Range<Int>] = []
        segment.bytes.withUnsafeBufferPointer { buf in
            for piece in segment.pieces {
                scratch.scalars.decode(buf, piece)
                var runStart = -1
                var runKind = 0
                for k in 0..<scratch.scalars.count {
                    let v = scratch.scalars.values[k]
                    let kind: Int
                    if scratch.scalars.classes[k].isWhitespace {
                        kind = 0
                    } else if let s = Unicode.Scalar(v), v >= 0x80 ? ScalarClass.isWordCharacter(s)
                                : ((v | 0x20) &- 0x61 < 26 || v &- 0x30 < 10 || v == 0x5F) {
                        kind = 1
                    } else {
                        kind = 2
                    }
                    if kind != runKind {
                        if runKind != 0 { out.append(runStart..<Int(scratch.scalars.offsets[k])) }
                        runStart = Int(scratch.scalars.offsets[k])
                        runKind = kind
                    }
                }
                if runKind != 0 { out.append(runStart..<piece.upperBound) }
            }
        }
        segment.pieces = out
    }

    private static func metaspace(_ segment: inout PreTokenizedSegment, _ scratch: inout PreTokenizerScratch,
                                  _ replacement: [UInt8], _ scheme: PrependScheme, _ split: Bool) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.bytes.count * 2)
        var rewritten: [Range<Int>] = []
        for p in segment.pieces {
            let start = bytes.count
            let startsWithReplacement = p.count >= replacement.count
                && segment.bytes[p.lowerBound..<(p.lowerBound + replacement.count)].elementsEqual(replacement)
            let startsWithSpace = segment.bytes[p.lowerBound] == 0x20
            let atStart = segment.atInputStart && p.lowerBound == 0
            // The space is replaced first, so a piece that starts with a space already starts with `▁`.
            if !startsWithReplacement && !startsWithSpace && (scheme == .always || (scheme == .first && atStart)) {
                bytes.append(contentsOf: replacement)
            }
            for b in segment.bytes[p] {
                if b == 0x20 { bytes.append(contentsOf: replacement) } else { bytes.append(b) }
            }
            rewritten.append(start..<bytes.count)
        }
        segment.bytes = bytes
        segment.pieces = rewritten
        if split {
            PreTokenizer.split(&segment, &scratch, .literal(String(decoding: replacement, as: UTF8.self)),
                               .mergedWithNext, invert: false)
        }
    }
}
