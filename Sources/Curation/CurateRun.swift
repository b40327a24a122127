import Datasets
import Foundation
import Support

/// `loom curate`: every record of the inputs through the pipeline, written as kept records (unchanged), dropped
/// records (each with a `_curation` member: filter, rule, value, threshold) and a summary (counts per filter and rule
/// in pipeline order); kept documents have their e-mail and public IPv4 addresses masked (`PIIMasker`). Deterministic; inputs are read through the Datasets readers (JSONL, CSV, Parquet, …); outputs
/// are written atomically when the run ends. Records without a string in the text field are counted and skipped.
public struct CurateRun {
    public struct Summary: Sendable, Equatable {
        public var documents = 0
        public var kept = 0
        public var dropped = 0
        public var skipped = 0
        /// Addresses masked in kept documents (`PIIMasker`).
        public var emailsMasked = 0
        public var ipsMasked = 0
        /// Drops per filter, then per rule, in pipeline order.
        public var drops: [(filter: String, rule: String, count: Int)] = []

        public static func == (a: Summary, b: Summary) -> Bool {
            a.documents == b.documents && a.kept == b.kept && a.dropped == b.dropped && a.skipped == b.skipped
                && a.emailsMasked == b.emailsMasked && a.ipsMasked == b.ipsMasked
                && a.drops.elementsEqual(b.drops) { $0.filter == $1.filter && $0.rule == $1.rule && $0.count == $1.count }
        }

        var json: JSONValue {
            var byFilter: [JSONMember] = []
            for filter in CurationPipeline.filterNames {
                let rules = drops.filter { $0.filter == filter }
                byFilter.append(JSONMember(filter, .object([JSONMember("dropped", .number(String(rules.reduce(0) { $0 + $1.count })))]
                    + rules.map { JSONMember($0.rule, .number(String($0.count))) })))
            }
            return .object([JSONMember("documents", .number(String(documents))), JSONMember("kept", .number(String(kept))),
                            JSONMember("dropped", .number(String(dropped))), JSONMember("skipped", .number(String(skipped))),
                            JSONMember("filters", .object(byFilter)),
                            JSONMember("pii", .object([JSONMember("emails_masked", .number(String(emailsMasked))),
                                                       JSONMember("ipv4_masked", .number(String(ipsMasked)))]))])
        }
    }

    public var pipeline = CurationPipeline()
    public var field = "text"
    /// Mask e-mail and public IPv4 addresses in the text of kept documents.
    public var masksPII = true

    public init() {}

    /// Runs over `inputs` and writes `kept.jsonl`, `dropped.jsonl` and `summary.json` into `folder`.
    public func run(inputs: [String], folder: URL, progress: (Int) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        var kept = Data(), dropped = Data()
        var counts: [String: Int] = [:]
        var order: [(String, String)] = []
        let masker = PIIMasker()
        for input in inputs {
            let dataset = try Dataset.open(path: input)
            try dataset.forEachRecord { record in
                guard case .value(let value) = record.content, case .string(let text)? = value[field] else {
                    summary.skipped += 1
                    return
                }
                summary.documents += 1
                let verdict = pipeline.verdict(text)
                if let rule = verdict.rule {
                    summary.dropped += 1
                    let key = verdict.filter + "\u{0}" + rule
                    if counts[key] == nil { order.append((verdict.filter, rule)) }
                    counts[key, default: 0] += 1
                    dropped.append(contentsOf: JSONFormatter.compact(Self.annotated(value, verdict)).utf8)
                    dropped.append(0x0A)
                } else {
                    summary.kept += 1
                    let output = masksPII ? Self.replacing(field, in: value, with: .string(masker.mask(text))) : value
                    kept.append(contentsOf: JSONFormatter.compact(output).utf8)
                    kept.append(0x0A)
                }
                if summary.documents % 1000 == 0 { progress(summary.documents) }
            }
        }
        summary.emailsMasked = masker.emailsMasked
        summary.ipsMasked = masker.ipsMasked
        for filter in CurationPipeline.filterNames {
            for (name, rule) in order where name == filter {
                summary.drops.append((filter, rule, counts[filter + "\u{0}" + rule] ?? 0))
            }
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.write(kept, to: folder.appendingPathComponent("kept.jsonl"))
        try AtomicFile.write(dropped, to: folder.appendingPathComponent("dropped.jsonl"))
        try AtomicFile.write(Data((JSONFormatter.pretty(summary.json) + "\n").utf8), to: folder.appendingPathComponent("summary.json"))
        return summary
    }

    /// The record with member `key` (the last of that name) replaced.
    static func replacing(_ key: String, in value: JSONValue, with replacement: JSONValue) -> JSONValue {
        guard case .object(var members) = value, let index = members.lastIndex(where: { $0.hasKey(key) }) else { return value }
        members[index] = JSONMember(key, replacement)
        return .object(members)
    }

    /// The record with `_curation` added: why it was dropped.
    static func annotated(_ value: JSONValue, _ verdict: CurationVerdict) -> JSONValue {
        let why = JSONValue.object([
            JSONMember("filter", .string(verdict.filter)), JSONMember("rule", .string(verdict.rule ?? "")),
            JSONMember("value", .number(String(format: "%.6g", verdict.value ?? 0))),
            JSONMember("threshold", .number(String(verdict.threshold ?? 0))),
        ])
        if case .object(let members) = value { return .object(members + [JSONMember("_curation", why)]) }
        return .object([JSONMember("value", value), JSONMember("_curation", why)])
    }
}
