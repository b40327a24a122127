/// Where a quote of the chain-of-thought answer was found among the record's documents. RAFT teaches the model to
/// quote the oracle; a quote found only in a distractor, or nowhere, is a sign of a weak or hallucinating teacher.
public enum RAFTQuotePlacement: String, Sendable, Hashable {
    /// Verbatim (whitespace-normalised) in an oracle document.
    case oracle
    /// In the record's `oracle_context`, which this record leaves out of its documents (RAFT does so with
    /// probability 1 − P, and the answer still quotes it).
    case oracleLeftOut
    /// Not in an oracle, but in a distractor.
    case onlyDistractor
    /// In a document whose role could not be told.
    case unknownRole
    /// In no document.
    case nowhere
}
