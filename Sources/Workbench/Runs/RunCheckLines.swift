import Runs
import TerminalCore

/// The pre-flight check drawn in the run form: a headline with the error and warning counts, then one line per kind
/// of finding with its count and first lines, errors first, so that what `loom check` would say is seen before `L`.
enum RunCheckLines {
    static func lines(for entry: RunConfigEntry, limit: Int) -> [(text: String, role: StyleRole)] {
        if entry.checking { return [("Checking the data as the trainer will read it…", .muted)] }
        if let error = entry.checkError { return [("Check failed: \(CheckReport.visible(error))", .error)] }
        guard let report = entry.check, entry.checkIsCurrent else { return [] }
        let errors = report.errors.count, warnings = report.warnings.count
        var out: [(String, StyleRole)] = []
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        let train = report.train
        let headline = "Check: \(counts) · \(train.records) records, \(train.trainableTokens) trained tokens"
            + (train.truncatedTokensLost > 0 ? ", \(train.truncatedTokensLost) lost to truncation" : "")
        out.append((headline, errors > 0 ? .error : (warnings > 0 ? .warning : .success)))
        var findings: [(String, StyleRole)] = report.run.map { finding in
            ((finding.severity == .error ? "✗ " : "! ") + CheckReport.visible(finding.message), finding.severity == .error ? .error : .warning)
        }
        for (name, part) in [("train", train)] + (report.eval.map { [("eval", $0)] } ?? []) {
            for kind in CheckKind.allCases where part.count(kind) > 0 {
                let found = part.findings(kind)
                let isError = found.contains { $0.severity == .error }
                let shown = found.prefix(5).map { "\($0.line)" }.joined(separator: ", ")
                let text = (isError ? "✗ " : "! ") + "\(name) \(kind.rawValue): \(found.count) (lines \(shown)"
                    + (found.count > 5 ? ", …" : "") + ")"
                findings.append((text, isError ? .error : .warning))
            }
        }
        findings.sort { ($0.1 == .error ? 0 : 1) < ($1.1 == .error ? 0 : 1) }
        out += findings.prefix(max(0, limit - 1))
        if findings.count > limit - 1, limit > 1 {
            out[out.count - 1] = ("… \(findings.count - limit + 2) more kinds: `loom check` lists them all", .muted)
        }
        return out
    }
}
