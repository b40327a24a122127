/// Why an export cannot be written: what is wrong and where (the file, key or tensor at fault).
public struct GGUFExportError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
