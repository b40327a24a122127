/// How much a finding matters: errors stop `loom train` (unless `--force`), warnings and notes are reported.
public enum CheckSeverity: String, Sendable, Equatable, Comparable, CaseIterable {
    case note, warning, error

    public static func < (a: CheckSeverity, b: CheckSeverity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What `loom check` looks for. The raw values are the keys of `--json` (each also has `<key>_lines`).
public enum CheckKind: String, Sendable, Equatable, CaseIterable {
    /// Unparseable, or missing the fields the format needs (the trainer skips it).
    case invalid
    /// No token carries loss once the sequence is cut to the sequence length.
    case zeroTrainable = "zero_trainable"
    /// Longer than the sequence length (without packing): its end is cut.
    case truncated
    /// No end-of-sequence token among the trained tokens: the model never learns to stop.
    case missingEOS = "missing_eos"
    /// A message role other than system, user or assistant (the trainer skips the record).
    case unknownRoles = "unknown_roles"
    /// System not first, two turns of one role in a row, no user turn first, or a trailing user turn.
    case roleOrder = "role_order"
    /// A system prompt that the prompt layout leaves out of the rendered text.
    case systemDropped = "system_dropped"
    /// The trained example (ids and mask) equals an earlier record's.
    case duplicates
    /// The normalised text (case, punctuation and spacing ignored) equals an earlier record's, not exactly.
    case nearDuplicates = "near_duplicates"
    /// An eval example that also is a training example.
    case evalOverlap = "eval_overlap"
    /// The prompt layout does not match the model's tokenizer_config chat template or vocabulary.
    case templateMismatch = "template_mismatch"

    /// The severity a finding of this kind has unless the whole data set shows it (see `DataCheck`).
    public var defaultSeverity: CheckSeverity {
        switch self {
        case .templateMismatch: return .error
        case .invalid, .zeroTrainable, .missingEOS, .unknownRoles, .roleOrder, .systemDropped, .duplicates,
             .evalOverlap, .truncated:
            return .warning
        case .nearDuplicates: return .note
        }
    }
}

/// One thing `loom check` found: what, how bad, and where (file and 1-based line; line 0 for the whole run).
public struct CheckFinding: Sendable, Equatable, CustomStringConvertible {
    public var kind: CheckKind
    public var severity: CheckSeverity
    public var file: String
    public var line: Int
    public var message: String

    public init(kind: CheckKind, severity: CheckSeverity? = nil, file: String, line: Int, message: String) {
        self.kind = kind
        self.severity = severity ?? kind.defaultSeverity
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(severity.rawValue): \(file)\(line > 0 ? ":\(line)" : ""): \(kind.rawValue): \(message)"
    }
}
