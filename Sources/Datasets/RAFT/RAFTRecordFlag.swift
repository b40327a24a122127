/// Something the validator found in one record, shown beside the record in the inspector and counted in reports.
public enum RAFTRecordFlag: Sendable, Hashable {
    case oracleAbsent
    case oracleUnknown(reason: String)
    case noQuotes
    case quotesOnlyInDistractor(Int)
    case quotesInUnknownRole(Int)
    case quotesNowhere(Int)
    case missingCotAnswer
    case missingAnswer
    case missingQuestion
    case missingDocuments
    /// The question already appeared on `firstLine`.
    case duplicateQuestion(firstLine: Int)
    /// The prompt and answer take `tokens` tokens; the model's context holds `context`.
    case tooLong(tokens: Int, context: Int)

    /// Whether this makes the record worse training data (the oracle being left out is RAFT's design, not a
    /// problem; neither is a role that cannot be told).
    public var isProblem: Bool {
        switch self {
        case .oracleAbsent, .oracleUnknown, .quotesInUnknownRole, .noQuotes: return false
        default: return true
        }
    }

    /// A few words for the inspector's flag line.
    public var summary: String {
        func quotes(_ n: Int) -> String { n == 1 ? "1 quote" : "\(n) quotes" }
        switch self {
        case .oracleAbsent: return "oracle absent"
        case .oracleUnknown(let reason): return "oracle unknown (\(reason))"
        case .noQuotes: return "no quotes"
        case .quotesOnlyInDistractor(let n): return "\(quotes(n)) only in a distractor"
        case .quotesInUnknownRole(let n): return "\(quotes(n)) in a document of unknown role"
        case .quotesNowhere(let n): return "\(quotes(n)) in no document"
        case .missingCotAnswer: return "no CoT answer"
        case .missingAnswer: return "no <ANSWER>"
        case .missingQuestion: return "no question"
        case .missingDocuments: return "no documents"
        case .duplicateQuestion(let line): return "question repeats line \(line)"
        case .tooLong(let tokens, let context): return "\(tokens) tokens > context \(context)"
        }
    }

    /// The flags one record earns on its own (duplicates and length need the whole file and a tokenizer; the
    /// validator adds them).
    public static func flags(of record: RAFTRecord) -> [RAFTRecordFlag] {
        var flags: [RAFTRecordFlag] = []
        if record.question == nil { flags.append(.missingQuestion) }
        if record.documents.isEmpty { flags.append(.missingDocuments) }
        if record.cotAnswer?.trimmingWhitespace().isEmpty ?? true { flags.append(.missingCotAnswer) }
        if record.finalAnswer == nil { flags.append(.missingAnswer) }
        switch record.oraclePresent {
        case false?: flags.append(.oracleAbsent)
        case nil:
            if case .undetermined(let reason) = record.oracleEvidence, !record.documents.isEmpty {
                flags.append(.oracleUnknown(reason: reason))
            }
        case true?: break
        }
        if record.cotAnswer != nil && record.quotes.isEmpty { flags.append(.noQuotes) }
        let placements = record.quotes.map(\.placement)
        let distractor = placements.filter { $0 == .onlyDistractor }.count
        let unknown = placements.filter { $0 == .unknownRole }.count
        let nowhere = placements.filter { $0 == .nowhere }.count
        if distractor > 0 { flags.append(.quotesOnlyInDistractor(distractor)) }
        if unknown > 0 { flags.append(.quotesInUnknownRole(unknown)) }
        if nowhere > 0 { flags.append(.quotesNowhere(nowhere)) }
        return flags
    }
}
