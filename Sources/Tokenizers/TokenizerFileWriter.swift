import Foundation

/// Writes a `Tokenizer` as a Hugging Face `tokenizer.json`, in the layout HF itself writes (vocabulary in id order,
/// merges as pairs), so that a tokenizer trained in Loom loads in `tokenizers` and `transformers`.
public enum TokenizerFileWriter {
    public static func json(_ t: Tokenizer) -> String {
        var out = "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": ["
        out += t.addedTokens.map { a in
            "\n    {\"id\": \(a.id), \"content\": \(quote(a.content)), \"single_word\": \(a.singleWord), "
                + "\"lstrip\": \(a.lstrip), \"rstrip\": \(a.rstrip), \"normalized\": \(a.normalized), "
                + "\"special\": \(a.special)}"
        }.joined(separator: ",")
        out += t.addedTokens.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"normalizer\": \(t.normalizer.map(normalizer) ?? "null"),\n"
        out += "  \"pre_tokenizer\": \(t.preTokenizer.map(preTokenizer) ?? "null"),\n"
        out += "  \"post_processor\": \(t.postProcessor.map { postProcessor($0, t) } ?? "null"),\n"
        out += "  \"decoder\": \(t.decoder.map(decoder) ?? "null"),\n"
        let m = t.model
        out += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n"
        out += "    \"unk_token\": \(m.unknownToken.map(quote) ?? "null"),\n"
        out += "    \"continuing_subword_prefix\": \(m.continuingSubwordPrefix.map(quote) ?? "null"),\n"
        out += "    \"end_of_word_suffix\": \(m.endOfWordSuffix.map(quote) ?? "null"),\n"
        out += "    \"fuse_unk\": \(m.fuseUnknown),\n    \"byte_fallback\": \(m.byteFallback),\n"
        out += "    \"ignore_merges\": \(m.ignoreMerges),\n    \"vocab\": {"
        out += m.entries.sorted { $0.1 < $1.1 }.map { "\n      \(quote($0.0)): \($0.1)" }
            .joined(separator: ",")
        out += "\n    },\n    \"merges\": ["
        out += m.merges.map { "\n      [\(quote($0.0)), \(quote($0.1))]" }.joined(separator: ",")
        out += "\n    ]\n  }\n}\n"
        return out
    }

    public static func write(_ t: Tokenizer, to path: String) throws {
        try Data(json(t).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func normalizer(_ n: Normalizer) -> String {
        switch n {
        case .sequence(let s): return "{\"type\": \"Sequence\", \"normalizers\": [\(s.map(normalizer).joined(separator: ", "))]}"
        case .prepend(let p): return "{\"type\": \"Prepend\", \"prepend\": \(quote(p))}"
        case let .replace(p, c): return "{\"type\": \"Replace\", \"pattern\": {\"String\": \(quote(p))}, \"content\": \(quote(c))}"
        case .nfc: return "{\"type\": \"NFC\"}"
        case .nfd: return "{\"type\": \"NFD\"}"
        case .nfkc: return "{\"type\": \"NFKC\"}"
        case .nfkd: return "{\"type\": \"NFKD\"}"
        case .lowercase: return "{\"type\": \"Lowercase\"}"
        case let .strip(l, r): return "{\"type\": \"Strip\", \"strip_left\": \(l), \"strip_right\": \(r)}"
        }
    }

    static func preTokenizer(_ p: PreTokenizer) -> String {
        switch p {
        case .sequence(let s):
            return "{\"type\": \"Sequence\", \"pretokenizers\": [\(s.map(preTokenizer).joined(separator: ", "))]}"
        case let .byteLevel(prefix, regex):
            return "{\"type\": \"ByteLevel\", \"add_prefix_space\": \(prefix), \"trim_offsets\": true, \"use_regex\": \(regex)}"
        case let .split(matcher, behavior, invert):
            let pattern: String
            switch matcher {
            case .regex(let r): pattern = "{\"Regex\": \(quote(r.regexText))}"
            case .literal(let s): pattern = "{\"String\": \(quote(s))}"
            }
            return "{\"type\": \"Split\", \"pattern\": \(pattern), \"behavior\": \"\(behavior.rawValue)\", \"invert\": \(invert)}"
        case .digits(let individual): return "{\"type\": \"Digits\", \"individual_digits\": \(individual)}"
        case let .metaspace(r, scheme, split):
            return "{\"type\": \"Metaspace\", \"replacement\": \(quote(r)), \"prepend_scheme\": \"\(scheme.rawValue)\", \"split\": \(split)}"
        case .whitespaceSplit: return "{\"type\": \"WhitespaceSplit\"}"
        case .whitespace: return "{\"type\": \"Whitespace\"}"
        case .punctuation(let behavior): return "{\"type\": \"Punctuation\", \"behavior\": \"\(behavior.rawValue)\"}"
        case .bert: return "{\"type\": \"BertPreTokenizer\"}"
        }
    }

    static func postProcessor(_ p: PostProcessor, _ t: Tokenizer) -> String {
        switch p {
        case .byteLevel: return "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": false, \"use_regex\": true}"
        case .sequence(let s): return "{\"type\": \"Sequence\", \"processors\": [\(s.map { postProcessor($0, t) }.joined(separator: ", "))]}"
        case let .roberta(cls, sep), let .bert(cls, sep):
            let type: String
            if case .bert = p { type = "BertProcessing" } else { type = "RobertaProcessing" }
            return "{\"type\": \"\(type)\", \"cls\": [\"\", \(cls)], \"sep\": [\"\", \(sep)]}"
        case let .template(single, pair):
            var specials: [String: [UInt32]] = [:]
            func pieces(_ list: [PostProcessor.Piece], _ secondType: Int) -> String {
                var typeId = 0
                return "[" + list.map { piece -> String in
                    switch piece {
                    case .sequenceA: typeId = 0; return "{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}"
                    case .sequenceB: typeId = secondType; return "{\"Sequence\": {\"id\": \"B\", \"type_id\": \(secondType)}}"
                    case .special(let ids):
                        let texts = ids.map { t.token(for: $0) ?? "" }
                        let name = texts.joined()
                        specials[name] = ids
                        return "{\"SpecialToken\": {\"id\": \(quote(name)), \"type_id\": \(typeId)}}"
                    }
                }.joined(separator: ", ") + "]"
            }
            let s = pieces(single, 0), q = pieces(pair, 1)
            let table = specials.sorted { $0.key < $1.key }.map {
                "\(quote($0.key)): {\"id\": \(quote($0.key)), \"ids\": [\($0.value.map(String.init).joined(separator: ", "))], \"tokens\": [\($0.value.map { quote(t.token(for: $0) ?? "") }.joined(separator: ", "))]}"
            }.joined(separator: ", ")
            return "{\"type\": \"TemplateProcessing\", \"single\": \(s), \"pair\": \(q), \"special_tokens\": {\(table)}}"
        }
    }

    static func decoder(_ d: TokenDecoder) -> String {
        switch d {
        case .byteLevel: return "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true}"
        case let .replace(p, c): return "{\"type\": \"Replace\", \"pattern\": {\"String\": \(quote(p))}, \"content\": \(quote(c))}"
        case .byteFallback: return "{\"type\": \"ByteFallback\"}"
        case .fuse: return "{\"type\": \"Fuse\"}"
        case let .strip(c, start, stop): return "{\"type\": \"Strip\", \"content\": \(quote(String(c))), \"start\": \(start), \"stop\": \(stop)}"
        case let .metaspace(r, scheme): return "{\"type\": \"Metaspace\", \"replacement\": \(quote(String(r))), \"prepend_scheme\": \"\(scheme.rawValue)\", \"split\": true}"
        case .sequence(let s): return "{\"type\": \"Sequence\", \"decoders\": [\(s.map(decoder).joined(separator: ", "))]}"
        }
    }
}
