/// A curation run that cannot go on: a configuration value out of range, a work folder from another run, a damaged
/// state or signature file; says which file (and line or key) and what is wrong.
public struct CurateError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
