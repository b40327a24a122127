/// How the oracle document was told from the distractors, so that a report can say how sure it is.
public enum RAFTOracleEvidence: Sendable, Hashable {
    /// The record's `oracle_context` equals a document (or, when it equals none, says the oracle was left out).
    case oracleContext
    /// No `oracle_context`: the one document that holds the most of the answer's quotes.
    case quotes
    /// No `oracle_context` and no quote found: the one document that holds the final answer.
    case answer
    /// It cannot be told; the reason says why (no evidence, or several documents match equally).
    case undetermined(String)

    /// A short phrase for the inspector and reports.
    public var summary: String {
        switch self {
        case .oracleContext: return "from oracle_context"
        case .quotes: return "matched by quotes"
        case .answer: return "matched by the answer"
        case .undetermined(let reason): return "cannot be told: \(reason)"
        }
    }
}
