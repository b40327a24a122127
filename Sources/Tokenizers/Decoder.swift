/// A Hugging Face decoder: turns token texts back into text. Byte-level models use `ByteLevel`; SentencePiece-style
/// models use `Sequence[Replace("▁", " "), ByteFallback, Fuse, Strip(" ", 1, 0)]` or `Metaspace`.
public indirect enum TokenDecoder: Sendable, Equatable {
    case byteLevel
    case replace(pattern: String, content: String)
    case byteFallback
    case fuse
    case strip(content: Unicode.Scalar, start: Int, stop: Int)
    case metaspace(replacement: Unicode.Scalar, prependScheme: PreTokenizer.PrependScheme)
    case sequence([TokenDecoder])

    static func load(_ node: JSONNode) throws -> TokenDecoder {
        let type = try node.typeName()
        switch type {
        case "ByteLevel": return .byteLevel
        case "Replace":
            let pattern = try node.required("pattern")
            guard let literal = pattern.child("String") else {
                throw pattern.unsupported("Replace decoder with a regex pattern")
            }
            return .replace(pattern: try literal.string(), content: try node.required("content").string())
        case "ByteFallback": return .byteFallback
        case "Fuse": return .fuse
        case "Strip":
            let content = try node.required("content").string()
            guard content.unicodeScalars.count == 1, let c = content.unicodeScalars.first else { throw node.malformed("Strip content must be one character") }
            let start = try node.optionalInt("start") ?? 0, stop = try node.optionalInt("stop") ?? 0
            guard start >= 0, stop >= 0 else { throw node.malformed("Strip start/stop must not be negative") }
            return .strip(content: c, start: start, stop: stop)
        case "Metaspace":
            let r = try node.child("replacement")?.string() ?? "▁"
            guard r.unicodeScalars.count == 1, let c = r.unicodeScalars.first else { throw node.malformed("Metaspace replacement must be one character") }
            var scheme: PreTokenizer.PrependScheme = .always
            if let s = node.child("prepend_scheme") {
                guard let parsed = PreTokenizer.PrependScheme(rawValue: try s.string()) else {
                    throw s.unsupported("prepend_scheme \(try s.string())")
                }
                scheme = parsed
            } else if let add = node.child("add_prefix_space") {
                scheme = try add.bool() ? .always : .never
            }
            return .metaspace(replacement: c, prependScheme: scheme)
        case "Sequence": return .sequence(try node.required("decoders").array().map(load))
        default: throw node.unsupported("decoder \(type)")
        }
    }

    /// HF's `decode_chain`: each decoder maps the list of token texts to a new list.
    func decodeChain(_ tokens: [String]) -> [String] {
        switch self {
        case .byteLevel:
            var bytes: [UInt8] = []
            for t in tokens {
                if let raw = ByteLevelAlphabet.decode(t) { bytes += raw } else { bytes += Array(t.utf8) }
            }
            return [String(decoding: bytes, as: UTF8.self)]
        case let .replace(pattern, content):
            return tokens.map { Normalizer.replaceLiteral($0, pattern, content) }
        case .byteFallback:
            var out: [String] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                if let s = String(validating: pending, as: UTF8.self) {
                    out.append(s)
                } else {
                    out.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
                }
                pending.removeAll()
            }
            for t in tokens {
                if let b = Self.byteToken(t) { pending.append(b) } else { flush(); out.append(t) }
            }
            flush()
            return out
        case .fuse:
            return [tokens.joined()]
        case let .strip(content, start, stop):
            return tokens.map { token in
                let chars = Array(token.unicodeScalars)
                var startCut = 0
                for i in 0..<min(start, chars.count) {
                    if chars[i] == content { startCut = i + 1 } else { break }
                }
                var stopCut = chars.count
                for i in 0..<min(stop, chars.count) {
                    let index = chars.count - i - 1
                    if chars[index] == content { stopCut = index } else { break }
                }
                return startCut < stopCut ? String(String.UnicodeScalarView(chars[startCut..<stopCut])) : ""
            }
        case let .metaspace(replacement, scheme):
            return tokens.enumerated().map { i, token in
                var s = String.UnicodeScalarView()
                for c in token.unicodeScalars {
                    if c == replacement {
                        if i == 0 && scheme != .never { continue }
                        s.append(" ")
                    } else {
                        s.append(c)
                    }
                }
                return String(s)
            }
        case .sequence(let steps):
            return steps.reduce(tokens) { $1.decodeChain($0) }
        }
    }

    /// The byte of a `<0xXX>` token.
    static func byteToken(_ t: String) -> UInt8? {
        let u = Array(t.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E else { return nil }
        return UInt8(String(decoding: u[3..<5], as: UTF8.self), radix: 16)
    }
}
