import Foundation

/// A Hugging Face normalizer: rewrites the text of each piece between added tokens before pre-tokenization.
/// Llama 2, TinyLlama and Mistral use `Sequence[Prepend("▁"), Replace(" ", "▁")]`; others use NFC or NFKC.
public indirect enum Normalizer: Sendable, Equatable {
    case sequence([Normalizer])
    /// Prepend a string to non-empty text.
    case prepend(String)
    /// Replace every occurrence of a literal string.
    case replace(pattern: String, content: String)
    case nfc, nfd, nfkc, nfkd
    case lowercase
    /// Strip white space on the left and/or right.
    case strip(left: Bool, right: Bool)

    static func load(_ node: JSONNode) throws -> Normalizer {
        let type = try node.typeName()
        switch type {
        case "Sequence":
            return .sequence(try node.required("normalizers").array().map(load))
        case "Prepend":
            return .prepend(try node.required("prepend").string())
        case "Replace":
            let pattern = try node.required("pattern")
            if let literal = pattern.child("String") {
                return .replace(pattern: try literal.string(), content: try node.required("content").string())
            }
            throw pattern.unsupported("Replace normalizer with a regex pattern")
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "Strip":
            return .strip(left: try node.optionalBool("strip_left", default: true),
                          right: try node.optionalBool("strip_right", default: true))
        default:
            throw node.unsupported("normalizer \(type)")
        }
    }

    /// Normalize `text`. Empty text stays empty (as in HF, `Prepend` does not touch an empty string).
    public func apply(_ text: String) -> String {
        switch self {
        case .sequence(let steps):
            return steps.reduce(text) { $1.apply($0) }
        case .prepend(let p):
            return text.isEmpty ? text : p + text
        case let .replace(pattern, content):
            return pattern.isEmpty ? text : Self.replaceLiteral(text, pattern, content)
        case .nfc: return Self.compose(text, compatibility: false)
        case .nfd: return Self.decompose(text, compatibility: false)
        case .nfkc: return Self.compose(text, compatibility: true)
        case .nfkd: return Self.decompose(text, compatibility: true)
        case .lowercase: return text.lowercased()
        case let .strip(left, right):
            var scalars = Substring(text).unicodeScalars[...]
            if left { while let f = scalars.first, f.properties.isWhitespace { scalars.removeFirst() } }
            if right { while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() } }
            return String(String.UnicodeScalarView(scalars))
        }
    }

    /// Replace non-overlapping occurrences left to right, comparing UTF-8 bytes (never grapheme clusters, so that a
    /// space followed by a combining mark is still a space, as in Rust).
    static func replaceLiteral(_ text: String, _ pattern: String, _ content: String) -> String {
        let t = Array(text.utf8), p = Array(pattern.utf8), c = Array(content.utf8)
        guard t.count >= p.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(t.count + 16)
        var i = 0
        let first = p[0]
        while i < t.count {
            if t[i] == first && i + p.count <= t.count && t[i..<(i + p.count)].elementsEqual(p) {
                out.append(contentsOf: c)
                i += p.count
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Non-BMP characters that start a canonical composition (Kaithi, Chakma, Grantha, Tirhuta, Siddham, Dives Akuru).
    private static let composingSupplementaryStarters: Set<UInt32> = [
        0x11099, 0x1109B, 0x110A5, 0x11131, 0x11132, 0x11347, 0x114B9, 0x115B8, 0x115B9, 0x11935,
    ]

    /// NFC / NFKC through Foundation, matching HF's Unicode 9 combining classes (see `isMarkUnknownToHF`) and
    /// working around two composition bugs of Foundation found by cross-checking against HF:
    /// - a supplementary-plane character is looked up truncated to 16 bits, so U+10053 + U+0323 + U+0307 became
    ///   U+1E68; such a character composes with nothing, so it is normalized alone;
    /// - Hangul jamo outside the modern L/V/T ranges (U+1113, U+1176, U+11C3, …) are composed into syllables,
    ///   and some modern LV + T pairs are not; Hangul is therefore composed here with the algorithm of the Unicode
    ///   standard, and the text is split before any jamo that is left, which cannot compose with what precedes it.
    static func compose(_ original: String, compatibility: Bool) -> String {
        // Quick check: text below U+0300 (ASCII for NFKC) is already normalized.
        let limit: UInt8 = compatibility ? 0x80 : 0xCC
        if original.utf8.allSatisfy({ $0 < limit }) { return original }
        let text = original.unicodeScalars.contains(where: { $0.value >= 0x1100 && $0.value <= 0x11FF })
            ? composeHangul(original) : original
        func foundation(_ s: String) -> String {
            compatibility ? s.precomposedStringWithCompatibilityMapping : s.precomposedStringWithCanonicalMapping
        }
        let scalars = text.unicodeScalars
        guard scalars.contains(where: {
            $0.value > 0xFFFF || ($0.value >= 0x1160 && $0.value <= 0x11FF) || isMarkUnknownToHF($0)
        }) else {
            return foundation(text)
        }
        var out = ""
        var pending = String.UnicodeScalarView()
        var pendingFollowsBarrier = false
        func flush() {
            guard !pending.isEmpty else { return }
            if pendingFollowsBarrier {
                // A space composes with nothing and keeps leading marks in place; drop it afterwards.
                let normalized = foundation(" " + String(pending)).unicodeScalars.dropFirst()
                out += String(String.UnicodeScalarView(normalized))
            } else {
                out += foundation(String(pending))
            }
            pending = String.UnicodeScalarView()
            pendingFollowsBarrier = false
        }
        var previous: UInt32 = 0
        for scalar in scalars {
            let v = scalar.value
            if (v > 0xFFFF && scalar.properties.canonicalCombiningClass.rawValue == 0
                && !composingSupplementaryStarters.contains(v)) || isMarkUnknownToHF(scalar) {
                flush()
                out += foundation(String(scalar))
                pendingFollowsBarrier = true
            } else if v >= 0x1160 && v <= 0x11FF {
                let modernVowel = v >= 0x1161 && v <= 0x1175 && previous >= 0x1100 && previous <= 0x1112
                let modernTrailing = v >= 0x11A8 && v <= 0x11C2
                    && ((previous >= 0xAC00 && previous <= 0xD7A3 && (previous - 0xAC00) % 28 == 0)
                        || (previous >= 0x1161 && previous <= 0x1175))
                if !modernVowel && !modernTrailing { flush() }
                pending.append(scalar)
            } else {
                pending.append(scalar)
            }
            previous = v
        }
        flush()
        return out
    }

    /// NFD / NFKD through Foundation, with the marks HF's Unicode 9 tables do not know kept in place (they have class
    /// 0 there, so they are not reordered and block reordering across them).
    static func decompose(_ text: String, compatibility: Bool) -> String {
        func foundation(_ s: String) -> String {
            compatibility ? s.decomposedStringWithCompatibilityMapping : s.decomposedStringWithCanonicalMapping
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        guard text.unicodeScalars.contains(where: isMarkUnknownToHF) else { return foundation(text) }
        var out = ""
        var pending = String.UnicodeScalarView()
        var followsBarrier = false
        func flush() {
            guard !pending.isEmpty else { return }
            if followsBarrier {
                out += String(String.UnicodeScalarView(foundation(" " + String(pending)).unicodeScalars.dropFirst()))
            } else {
                out += foundation(String(pending))
            }
            pending = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if isMarkUnknownToHF(scalar) {
                flush()
                out.unicodeScalars.append(scalar)
                followsBarrier = true
            } else {
                pending.append(scalar)
            }
        }
        flush()
        return out
    }

    /// HF `tokenizers` normalizes with Unicode 9 tables: a combining mark assigned later has class 0 there (it is
    /// not reordered and blocks reordering), so Loom treats it as a barrier too.
    @inline(__always) static func isMarkUnknownToHF(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x300 else { return false }
        let p = scalar.properties
        guard p.canonicalCombiningClass.rawValue != 0, let age = p.age else { return false }
        return age.major > 9
    }

    /// Canonical composition of conjoining Hangul jamo (L+V → LV, LV+T → LVT), as specified in Unicode §3.12.
    static func composeHangul(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var last: UInt32 = 0x110000
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if last >= 0x1100 && last <= 0x1112 && v >= 0x1161 && v <= 0x1175 {
                let lv = 0xAC00 + ((last - 0x1100) * 21 + (v - 0x1161)) * 28
                out.removeLast()
                out.append(Unicode.Scalar(lv)!)
                last = lv
                continue
            }
            if last >= 0xAC00 && last <= 0xD7A3 && (last - 0xAC00) % 28 == 0 && v >= 0x11A8 && v <= 0x11C2 {
                let lvt = last + (v - 0x11A7)
                out.removeLast()
                out.append(Unicode.Scalar(lvt)!)
                last = lvt
                continue
            }
            out.append(scalar)
            last = v
        }
        return String(out)
    }
}
