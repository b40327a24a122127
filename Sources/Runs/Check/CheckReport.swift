/// What `loom check` found over a run's data: the training files' counts, the eval files' when the run has its
/// own, and the findings about the run as a whole (the template).
public struct CheckReport: Sendable, Equatable {
    public var train = CheckCounts()
    public var eval: CheckCounts?
    /// Findings about the configuration rather than a record (line 0).
    public var run: [CheckFinding] = []

    public init() {}

    public var allFindings: [CheckFinding] { run + train.findings + (eval?.findings ?? []) }
    public var errors: [CheckFinding] { allFindings.filter { $0.severity == .error } }
    public var warnings: [CheckFinding] { allFindings.filter { $0.severity == .warning } }

    /// The report as one JSON object (keys documented in the README's "loom check" section). Strings from the data
    /// are escaped so that nothing raw reaches a terminal.
    public func json() -> String {
        var out = JSONObjectWriter()
        Self.write(train, into: &out, runFindings: run)
        out.number("errors", errors.count)
        out.number("warnings", warnings.count)
        if let eval {
            var inner = JSONObjectWriter()
            Self.write(eval, into: &inner, runFindings: [])
            out.raw("eval", inner.text)
        } else {
            out.raw("eval", "null")
        }
        let items = allFindings.map { f -> String in
            var o = JSONObjectWriter()
            o.string("kind", f.kind.rawValue)
            o.string("severity", f.severity.rawValue)
            o.string("file", f.file)
            o.number("line", f.line)
            o.string("message", f.message)
            return o.text
        }
        out.raw("findings", "[" + items.joined(separator: ",") + "]")
        return out.text
    }

    private static func write(_ counts: CheckCounts, into out: inout JSONObjectWriter, runFindings: [CheckFinding]) {
        out.number("records", counts.records)
        out.number("examples", counts.examples)
        out.number("tokens", counts.tokens)
        out.number("trainable_tokens", counts.trainableTokens)
        out.number("truncated_tokens_lost", counts.truncatedTokensLost)
        for kind in CheckKind.allCases {
            let lines = counts.lines(kind)
            let runCount = runFindings.filter { $0.kind == kind }.count
            out.number(kind.rawValue, lines.count + runCount)
            out.raw(kind.rawValue + "_lines", "[" + lines.map(String.init).joined(separator: ",") + "]")
        }
    }

    /// A few lines for people: counts by kind, then every error and warning (the first `limit` of each kind).
    public func summary(limit: Int = 10) -> String {
        var lines: [String] = []
        func part(_ name: String, _ counts: CheckCounts) {
            lines.append("\(name): \(counts.records) records, \(counts.examples) examples, \(counts.tokens) tokens "
                + "(\(counts.trainableTokens) trained, \(counts.truncatedTokensLost) lost to truncation)")
            for kind in CheckKind.allCases where counts.count(kind) > 0 {
                let found = counts.findings(kind)
                let shown = found.prefix(limit).map { "\($0.line)" }.joined(separator: ", ")
                lines.append("  \(found[0].severity.rawValue) \(kind.rawValue): \(found.count) (lines \(shown)\(found.count > limit ? ", …" : ""))")
            }
        }
        for finding in run { lines.append(finding.description) }
        part("train", train)
        if let eval { part("eval", eval) }
        lines.append("\(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        return lines.map(Self.visible).joined(separator: "\n")
    }

    /// The errors only, grouped by kind with their first lines: what `loom train` prints when it refuses to start.
    public func errorSummary(limit: Int = 10) -> String {
        var lines = run.filter { $0.severity == .error }.map(\.description)
        for (name, counts) in [("train", train)] + (eval.map { [("eval", $0)] } ?? []) {
            for kind in CheckKind.allCases {
                let found = counts.findings(kind).filter { $0.severity == .error }
                guard !found.isEmpty else { continue }
                let shown = found.prefix(limit).map { "\($0.line)" }.joined(separator: ", ")
                lines.append("error \(name) \(kind.rawValue): \(found.count) record\(found.count == 1 ? "" : "s") "
                    + "(lines \(shown)\(found.count > limit ? ", …" : "")): \(found[0].message)")
            }
        }
        return lines.map(Self.visible).joined(separator: "\n")
    }

    /// Text from the data made harmless for a terminal: unsafe scalars (controls, bidirectional overrides, line
    /// separators) are written as JSON escapes (`\u001b`, `\n`).
    public static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let inner = JSONObjectWriter.quoted(String(scalar)).dropFirst().dropLast()
            if scalar != "\"", scalar != "\\", inner.hasPrefix("\\") { out += inner } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
