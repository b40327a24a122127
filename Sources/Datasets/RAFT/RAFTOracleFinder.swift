import Foundation

/// Tells the oracle document from the distractors and places every quote. `oracle_context`, when the record has it,
/// decides (equal after whitespace normalisation; equal to no document means the oracle was left out, as gorilla
/// does with probability 1 − P). Without it, the one document holding the most quotes is the oracle; without quotes,
/// the one document holding the final answer (compared as loose words). Anything else — a tie, no evidence — leaves
/// every role `unknown` and says why, rather than guess.
public enum RAFTOracleFinder {
    public static func assignRoles(_ record: inout RAFTRecord) {
        let documents = record.documents.map { RAFTNormalizedText($0.text) }
        for q in record.quotes.indices {
            let needle = RAFTNormalizedText(record.quotes[q].text)
            guard !needle.isEmpty else { continue }
            record.quotes[q].locations = documents.indices.compactMap { d in
                documents[d].find(needle).map { RAFTQuoteLocation(document: d, range: $0) }
            }
        }
        let oracles = findOracles(record, documents: documents)
        record.oracleEvidence = oracles.evidence
        for d in record.documents.indices {
            if let indices = oracles.indices {
                record.documents[d].role = indices.contains(d) ? .oracle : .distractor
            } else {
                record.documents[d].role = .unknown
            }
        }
        let leftOut = record.oraclePresent == false ? record.oracleContext.map(RAFTNormalizedText.init) : nil
        for q in record.quotes.indices {
            let roles = record.quotes[q].locations.map { record.documents[$0.document].role }
            if roles.contains(.oracle) {
                record.quotes[q].placement = .oracle
            } else if let leftOut, leftOut.contains(RAFTNormalizedText(record.quotes[q].text)) {
                record.quotes[q].placement = .oracleLeftOut
            } else if roles.isEmpty {
                record.quotes[q].placement = .nowhere
            } else if roles.allSatisfy({ $0 == .distractor }) {
                record.quotes[q].placement = .onlyDistractor
            } else {
                record.quotes[q].placement = .unknownRole
            }
        }
    }

    /// The oracle documents' indices (empty: the oracle was left out), or nil when it cannot be told.
    static func findOracles(_ record: RAFTRecord, documents: [RAFTNormalizedText])
        -> (indices: Set<Int>?, evidence: RAFTOracleEvidence) {
        if documents.isEmpty { return (nil, .undetermined("the record has no documents")) }
        if let context = record.oracleContext {
            let oracle = RAFTNormalizedText(context).characters
            return (Set(documents.indices.filter { documents[$0].characters == oracle }), .oracleContext)
        }
        var quotesPerDocument = [Int](repeating: 0, count: documents.count)
        for quote in record.quotes {
            for location in quote.locations { quotesPerDocument[location.document] += 1 }
        }
        if let best = quotesPerDocument.max(), best > 0 {
            let leaders = documents.indices.filter { quotesPerDocument[$0] == best }
            if leaders.count == 1 { return ([leaders[0]], .quotes) }
            let names = leaders.map { "\($0 + 1)" }.joined(separator: ", ")
            return (nil, .undetermined("documents \(names) hold the same number of quotes"))
        }
        guard let answer = record.finalAnswer.map(RAFTNormalizedText.looseWords), !answer.isEmpty else {
            return (nil, .undetermined(record.quotes.isEmpty ? "no oracle_context, quotes or answer to match"
                                                             : "no quote occurs in any document, and no answer"))
        }
        let holders = documents.indices.filter {
            (" " + RAFTNormalizedText.looseWords(record.documents[$0].text) + " ").contains(" " + answer + " ")
        }
        switch holders.count {
        case 1: return ([holders[0]], .answer)
        case 0: return (nil, .undetermined("the answer occurs in no document"))
        default:
            let names = holders.map { "\($0 + 1)" }.joined(separator: ", ")
            return (nil, .undetermined("the answer occurs in documents \(names)"))
        }
    }
}
