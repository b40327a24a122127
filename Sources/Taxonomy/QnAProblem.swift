/// One finding about a qna.yaml file: where (line and column, 1-based, and the YAML path), what, and how bad.
/// Errors make the file invalid (InstructLab's `ilab taxonomy diff` refuses it); warnings are the taxonomy README's
/// advice and yamllint's relaxed warnings.
public struct QnAProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var line: Int
    public var column: Int
    /// e.g. `seed_examples[2].questions_and_answers[0].answer`; empty for the file as a whole.
    public var path: String
    public var message: String

    public init(_ severity: Severity, line: Int, column: Int, path: String = "", _ message: String) {
        self.severity = severity
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(line):\(column): \(severity.rawValue): " + (path.isEmpty ? "" : "[\(path)] ") + message
    }
}
