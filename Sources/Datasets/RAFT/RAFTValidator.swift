/// Checks RAFT records one by one into a `RAFTValidationReport`: where the oracle is, where each quote occurs,
/// whether the answer and question are there, questions seen before (whitespace-normalised, case-insensitive),
/// and, with a `RAFTLengthLimit`, whether the record fits the model. The same checks give the inspector its flags.
public struct RAFTValidator: Sendable {
    public private(set) var report: RAFTValidationReport
    public let lengthLimit: RAFTLengthLimit?
    private var firstLineOfQuestion: [String: Int] = [:]

    public init(path: String? = nil, schema: RAFTSchema? = nil, builtWithP: Double? = nil,
                lengthLimit: RAFTLengthLimit? = nil) {
        report = RAFTValidationReport(path: path, schema: schema, builtWithP: builtWithP)
        report.contextLength = lengthLimit?.contextLength
        self.lengthLimit = lengthLimit
    }

    /// Adds one row: a record, or why it could not be read. Returns the record's flags (empty for an error).
    @discardableResult
    public mutating func add(_ result: Result<RAFTRecord, RAFTRecordError>) -> [RAFTRecordFlag] {
        switch result {
        case .failure(let error):
            report.noteError(error)
            return []
        case .success(let record):
            return add(record)
        }
    }

    @discardableResult
    public mutating func add(_ record: RAFTRecord) -> [RAFTRecordFlag] {
        let line = record.line
        report.note(.records, line: line)
        var flags = RAFTRecordFlag.flags(of: record)
        switch record.oraclePresent {
        case true?: report.note(.oraclePresent, line: line)
        case false?: report.note(.oracleAbsent, line: line)
        case nil: report.note(.oracleUnknown, line: line)
        }
        let placements = record.quotes.map(\.placement)
        report.note(.quotes, line: line, by: placements.count)
        report.note(.quotesInOracle, line: line, by: placements.filter { $0 == .oracle || $0 == .oracleLeftOut }.count)
        report.note(.quotesOnlyInDistractor, line: line, by: placements.filter { $0 == .onlyDistractor }.count)
        report.note(.quotesInUnknownRole, line: line, by: placements.filter { $0 == .unknownRole }.count)
        report.note(.quotesNowhere, line: line, by: placements.filter { $0 == .nowhere }.count)
        for flag in flags {
            switch flag {
            case .noQuotes: report.note(.recordsWithoutQuotes, line: line)
            case .missingCotAnswer: report.note(.missingCotAnswer, line: line)
            case .missingAnswer: report.note(.missingAnswer, line: line)
            case .missingQuestion: report.note(.missingQuestion, line: line)
            case .missingDocuments: report.note(.missingDocuments, line: line)
            default: break
            }
        }
        if let question = record.question {
            let key = RAFTNormalizedText(question).string.lowercased()
            if let first = firstLineOfQuestion[key] {
                report.noteDuplicate(line: line, firstLine: first)
                flags.append(.duplicateQuestion(firstLine: first))
            } else {
                firstLineOfQuestion[key] = line
            }
        }
        if let lengthLimit {
            let tokens = lengthLimit.measure(record)
            report.noteTokens(tokens)
            if tokens > lengthLimit.contextLength {
                report.note(.tooLong, line: line)
                flags.append(.tooLong(tokens: tokens, context: lengthLimit.contextLength))
            }
        }
        return flags
    }

    /// Checks every row of a file, in order, as the background index finds them. `shouldStop` is asked between rows
    /// (the inspector cancels when the user leaves); the report then covers the rows checked so far.
    public static func validate(_ file: RAFTFile, builtWithP: Double? = nil, lengthLimit: RAFTLengthLimit? = nil,
                                shouldStop: () -> Bool = { false }) throws -> RAFTValidationReport {
        var validator = RAFTValidator(path: file.path, schema: file.schema, builtWithP: builtWithP,
                                      lengthLimit: lengthLimit)
        let schema = file.schema
        let path = file.path
        do {
            try file.dataset.forEachRecord { record in
                if shouldStop() { throw RAFTValidationStopped() }
                validator.add(RAFTFile.parse(record, schema: schema, path: path))
            }
        } catch is RAFTValidationStopped {
            return validator.report
        }
        return validator.report
    }
}
