/// Why a `config.json` cannot be used: the file, the field, and what is wrong with it.
public struct ModelConfigError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let field: String?
    public let reason: String

    public init(path: String, field: String?, reason: String) {
        self.path = path
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.map { "\(path), field '\($0)': \(reason)" } ?? "\(path): \(reason)"
    }
}
