/// One thing wrong with a run configuration: the field (`training.learning_rate`), the line when it came from a
/// file, and what to do about it.
public struct RunConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted key, e.g. `lora.rank`; empty for a syntax error that has no key.
    public var field: String
    /// 1-based line in the TOML file, when known.
    public var line: Int?
    public var message: String

    public init(field: String, line: Int? = nil, message: String) {
        self.field = field
        self.line = line
        self.message = message
    }

    public var description: String {
        var text = ""
        if let line { text += "line \(line): " }
        if !field.isEmpty { text += "\(field): " }
        return text + message
    }
}

/// Why a run configuration cannot be used: every problem found, each naming its file, line and field.
public struct RunConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TOML file, or a label such as "(form)" when the configuration did not come from a file.
    public var path: String
    public var problems: [RunConfigProblem]

    public init(path: String, problems: [RunConfigProblem]) {
        self.path = path
        self.problems = problems
    }

    public var description: String {
        problems.map { problem in
            (problem.line.map { "\(path):\($0): " } ?? "\(path): ") + (problem.field.isEmpty ? "" : "\(problem.field): ")
                + problem.message
        }.joined(separator: "\n")
    }

    /// The fields named, for tests and for highlighting a form.
    public var fields: [String] { problems.map(\.field) }
}
