/// What `loom raft eval` found: per record the model's final answer and whether it matched, and accuracy overall
/// and split by whether the oracle was among the documents (RAFT's point is that a model answers from the oracle
/// when it is there and is not misled by distractors either way).
public struct RAFTEvaluation: Sendable {
    public struct Result: Sendable, Hashable {
        public var line: Int
        public var oraclePresent: Bool?
        public var expected: String
        /// The text after `<ANSWER>:` in the model's reply, or nil when it wrote none.
        public var predicted: String?
        public var match: RAFTAnswerMatch
    }

    /// Counts of one group of records.
    public struct Tally: Sendable, Hashable {
        public var records = 0
        public var exact = 0
        public var contains = 0
        public var withoutAnswer = 0

        public var exactAccuracy: Double? { records == 0 ? nil : Double(exact) / Double(records) }
        public var containsAccuracy: Double? { records == 0 ? nil : Double(contains) / Double(records) }

        mutating func add(_ result: Result) {
            records += 1
            if result.match.exact { exact += 1 }
            if result.match.contains { contains += 1 }
            if result.predicted == nil { withoutAnswer += 1 }
        }
    }

    public private(set) var results: [Result] = []
    public private(set) var overall = Tally()
    public private(set) var oraclePresent = Tally()
    public private(set) var oracleAbsent = Tally()
    /// Records that could not be evaluated (unreadable, no expected answer), with why.
    public private(set) var skipped: [(line: Int, reason: String)] = []

    public init() {}

    mutating func add(_ result: Result) {
        results.append(result)
        overall.add(result)
        switch result.oraclePresent {
        case true?: oraclePresent.add(result)
        case false?: oracleAbsent.add(result)
        case nil: break
        }
    }

    mutating func skip(line: Int, reason: String) { skipped.append((line, reason)) }
}
