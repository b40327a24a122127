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
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
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
}
