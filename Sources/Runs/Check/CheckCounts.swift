/// The findings of one part of the data (the training files, or the eval files), counted by kind.
public struct CheckCounts: Sendable, Equatable {
    /// Records read (rows of the files, blank lines not counted).
    public var records = 0
    /// Records that became examples.
    public var examples = 0
    /// Tokens of those examples, and how many of them carry loss after the cut.
    public var tokens = 0
    public var trainableTokens = 0
    /// Trainable tokens past the sequence length, lost to truncation.
    public var truncatedTokensLost = 0
    public var findings: [CheckFinding] = []

    public init() {}

    public func findings(_ kind: CheckKind) -> [CheckFinding] { findings.filter { $0.kind == kind } }
    public func count(_ kind: CheckKind) -> Int { findings.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) } }
    public func lines(_ kind: CheckKind) -> [Int] { findings.filter { $0.kind == kind }.map(\.line) }

    /// Raises every finding of `kind` to `severity`.
    mutating func escalate(_ kind: CheckKind, to severity: CheckSeverity) {
        for i in findings.indices where findings[i].kind == kind && findings[i].severity < severity {
            findings[i].severity = severity
        }
    }
}
