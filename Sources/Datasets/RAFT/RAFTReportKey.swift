/// The counts of a RAFT validation report, in the order reports print them; the raw value is the key of
/// `loom raft validate --json` (each count also has its record lines under `<key>_lines`). Keys that count quotes
/// count every quote, and list the lines of the records that hold one; every other key counts records.
public enum RAFTReportKey: String, Sendable, Hashable, CaseIterable {
    case records
    case unreadable
    case oraclePresent = "oracle_present"
    case oracleAbsent = "oracle_absent"
    case oracleUnknown = "oracle_unknown"
    case quotes
    case quotesInOracle = "quotes_in_oracle"
    case quotesOnlyInDistractor = "quotes_only_in_distractor"
    case quotesInUnknownRole = "quotes_in_unknown_role"
    case quotesNowhere = "quotes_nowhere"
    case recordsWithoutQuotes = "records_without_quotes"
    case missingCotAnswer = "missing_cot_answer"
    case missingAnswer = "missing_answer"
    case missingQuestion = "missing_question"
    case missingDocuments = "missing_documents"
    case duplicateQuestions = "duplicate_questions"
    case tooLong = "too_long"

    /// What the key means, for the text report.
    public var label: String {
        switch self {
        case .records: return "records"
        case .unreadable: return "unreadable rows"
        case .oraclePresent: return "oracle present"
        case .oracleAbsent: return "oracle absent"
        case .oracleUnknown: return "oracle cannot be told"
        case .quotes: return "quotes"
        case .quotesInOracle: return "quotes in the oracle"
        case .quotesOnlyInDistractor: return "quotes only in a distractor"
        case .quotesInUnknownRole: return "quotes in a document of unknown role"
        case .quotesNowhere: return "quotes in no document"
        case .recordsWithoutQuotes: return "CoT answers without quotes"
        case .missingCotAnswer: return "missing CoT answer"
        case .missingAnswer: return "missing or empty <ANSWER>"
        case .missingQuestion: return "missing question"
        case .missingDocuments: return "missing documents"
        case .duplicateQuestions: return "duplicate questions"
        case .tooLong: return "longer than the context"
        }
    }

    /// Whether a non-zero count is a problem with the data (`loom raft validate` then exits with status 1).
    public var isProblem: Bool {
        switch self {
        case .unreadable, .quotesOnlyInDistractor, .quotesNowhere, .missingCotAnswer, .missingAnswer,
             .missingQuestion, .missingDocuments, .duplicateQuestions, .tooLong: return true
        default: return false
        }
    }

    /// Whether the key counts quotes rather than records.
    public var countsQuotes: Bool {
        switch self {
        case .quotes, .quotesInOracle, .quotesOnlyInDistractor, .quotesInUnknownRole, .quotesNowhere: return true
        default: return false
        }
    }
}
