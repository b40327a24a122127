import Support

/// What a curation run did: documents read, kept and dropped, drops per filter and rule in pipeline order (rules in
/// the order they first fired), duplicate clusters, and the addresses masked in kept documents. Saved in the run's
/// state file, so a resumed run goes on counting, and written as summary.json at the end.
public struct CurateSummary: Sendable, Equatable, Codable {
    public struct Drop: Sendable, Equatable, Codable {
        public var filter: String
        public var rule: String
        public var count: Int
    }

    public var documents = 0
    public var kept = 0
    public var dropped = 0
    public var skipped = 0
    /// MinHash: documents removed as near-duplicates, and the clusters they formed (each keeps one document).
    public var duplicates = 0
    public var clusters = 0
    /// Addresses masked in kept documents (`PIIMasker`).
    public var emailsMasked = 0
    public var ipsMasked = 0
    public var drops: [Drop] = []

    public init() {}

    mutating func count(filter: String, rule: String) {
        if let index = drops.firstIndex(where: { $0.filter == filter && $0.rule == rule }) {
            drops[index].count += 1
        } else {
            drops.append(Drop(filter: filter, rule: rule, count: 1))
        }
    }

    /// Drops in pipeline order (then in the order the rules first fired).
    public var orderedDrops: [Drop] {
        CurationPipeline.filterNames.flatMap { name in drops.filter { $0.filter == name } }
    }

    var json: JSONValue {
        func number(_ n: Int) -> JSONValue { .number(String(n)) }
        var byFilter: [JSONMember] = []
        for filter in CurationPipeline.filterNames {
            let rules = drops.filter { $0.filter == filter }
            var members = [JSONMember("dropped", number(rules.reduce(0) { $0 + $1.count }))]
                + rules.map { JSONMember($0.rule, number($0.count)) }
            if filter == CurationPipeline.minHashName { members.append(JSONMember("clusters", number(clusters))) }
            byFilter.append(JSONMember(filter, .object(members)))
        }
        return .object([JSONMember("documents", number(documents)), JSONMember("kept", number(kept)),
                        JSONMember("dropped", number(dropped)), JSONMember("skipped", number(skipped)),
                        JSONMember("filters", .object(byFilter)),
                        JSONMember("pii", .object([JSONMember("emails_masked", number(emailsMasked)),
                                                   JSONMember("ipv4_masked", number(ipsMasked))]))])
    }
}
