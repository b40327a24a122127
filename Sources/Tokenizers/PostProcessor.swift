/// A Hugging Face post-processor: adds the special tokens a model expects around an encoded sequence (BOS, EOS,
/// CLS/SEP) when `add_special_tokens` is on.
public indirect enum PostProcessor: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case sequenceA
        case sequenceB
        case special([UInt32])
    }

    /// `TemplateProcessing`: explicit templates for one and two sequences.
    case template(single: [Piece], pair: [Piece])
    /// `RobertaProcessing`: `<s> A </s>` and `<s> A </s></s> B </s>`.
    case roberta(cls: UInt32, sep: UInt32)
    /// `BertProcessing`: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`.
    case bert(cls: UInt32, sep: UInt32)
    /// `ByteLevel` only trims offsets; ids are unchanged.
    case byteLevel
    case sequence([PostProcessor])

    static func load(_ node: JSONNode) throws -> PostProcessor {
        let type = try node.typeName()
        switch type {
        case "TemplateProcessing":
            var specials: [String: [UInt32]] = [:]
            if let map = node.child("special_tokens") {
                for (name, entry) in try map.object() {
                    specials[name] = try entry.required("ids").array().map { n in
                        let id = try n.int()
                        guard id >= 0 && id <= Int(Int32.max) else { throw n.malformed("token id out of range") }
                        return UInt32(id)
                    }
                }
            }
            func pieces(_ key: String) throws -> [Piece] {
                guard let list = node.child(key) else { return [] }
                return try list.array().map { item in
                    if let seq = item.child("Sequence") {
                        let id = try seq.required("id").string()
                        switch id {
                        case "A": return .sequenceA
                        case "B": return .sequenceB
                        default: throw seq.malformed("sequence id must be A or B, not \(id)")
                        }
                    }
                    if let special = item.child("SpecialToken") {
                        let name = try special.required("id").string()
                        guard let ids = specials[name] else {
                            throw special.malformed("special token \(name.debugDescription) is not in special_tokens")
                        }
                        return .special(ids)
                    }
                    throw item.malformed("expected {\"Sequence\": …} or {\"SpecialToken\": …}")
                }
            }
            return .template(single: try pieces("single"), pair: try pieces("pair"))
        case "RobertaProcessing", "BertProcessing":
            func token(_ key: String) throws -> UInt32 {
                let pair = try node.required(key).array()
                guard pair.count == 2 else { throw node.malformed("\(key) must be [token, id]") }
                let id = try pair[1].int()
                guard id >= 0 && id <= Int(Int32.max) else { throw pair[1].malformed("token id out of range") }
                return UInt32(id)
            }
            let cls = try token("cls"), sep = try token("sep")
            return type == "BertProcessing" ? .bert(cls: cls, sep: sep) : .roberta(cls: cls, sep: sep)
        case "ByteLevel":
            return .byteLevel
        case "Sequence":
            return .sequence(try node.required("processors").array().map(load))
        default:
            throw node.unsupported("post_processor \(type)")
        }
    }

    /// Apply to the ids of one sequence (and optionally a second).
    public func process(_ a: [UInt32], _ b: [UInt32]? = nil) -> [UInt32] {
        switch self {
        case let .template(single, pair):
            var out: [UInt32] = []
            out.reserveCapacity(a.count + (b?.count ?? 0) + 4)
            for piece in (b == nil ? single : pair) {
                switch piece {
                case .sequenceA: out += a
                case .sequenceB: out += b ?? []
                case .special(let ids): out += ids
                }
            }
            return out
        case let .roberta(cls, sep):
            guard let b else { return [cls] + a + [sep] }
            return [cls] + a + [sep, sep] + b + [sep]
        case let .bert(cls, sep):
            guard let b else { return [cls] + a + [sep] }
            return [cls] + a + [sep] + b + [sep]
        case .byteLevel:
            return b.map { a + $0 } ?? a
        case .sequence(let steps):
            // HF threads both encodings through each processor; only one step adds tokens in practice.
            var current = a
            var second = b
            for step in steps {
                if case .byteLevel = step { continue }
                current = step.process(current, second)
                second = nil
            }
            return second.map { current + $0 } ?? current
        }
    }
}
