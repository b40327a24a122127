/// What a document is to its question: the oracle holds the answer, a distractor is there to be ignored. `unknown`
/// when the record does not say (no `oracle_context`) and matching could not tell.
public enum RAFTDocumentRole: String, Sendable, Hashable {
    case oracle
    case distractor
    case unknown
}
