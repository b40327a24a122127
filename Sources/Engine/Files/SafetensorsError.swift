/// Why a safetensors file, a checkpoint folder or one of its tensors could not be used.
///
/// Every case names the file and, where there is one, the tensor and the header field, so that the message tells the
/// user which file to fix or re-export.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path of the file (or folder) at fault.
    public let path: String
    /// The tensor at fault, when the problem is in one tensor's entry.
    public let tensor: String?
    /// The header field at fault (`dtype`, `shape`, `data_offsets`, `header length`, …), when there is one.
    public let field: String?
    /// What is wrong and what to do about it.
    public let reason: String

    public init(path: String, tensor: String? = nil, field: String? = nil, reason: String) {
        self.path = path
        self.tensor = tensor
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var where_ = path
        if let tensor { where_ += ", tensor '\(tensor)'" }
        if let field { where_ += ", field '\(field)'" }
        return "\(where_): \(reason)"
    }
}
