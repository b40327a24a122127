import Support
import Foundation

/// One JSON object written as a line, keys in the order they are added. Dataset text is untrusted: every string is
/// escaped so that no control character (C0, DEL, C1) or line separator reaches a terminal raw.
public struct JSONLine {
    private var parts: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: Int) { parts.append("\(Self.quote(key)):\(value)") }
    public mutating func add(_ key: String, _ value: Bool) { parts.append("\(Self.quote(key)):\(value)") }
    public mutating func add(_ key: String, _ value: String) { parts.append("\(Self.quote(key)):\(Self.quote(value))") }
    public mutating func add(_ key: String, _ value: Double?) { parts.append("\(Self.quote(key)):\(Self.number(value))") }
    /// A value that is already JSON (an array or object built with these helpers).
    public mutating func add(_ key: String, raw json: String) { parts.append("\(Self.quote(key)):\(json)") }

    public var text: String { "{" + parts.joined(separator: ",") + "}" }

    /// A number as JSON: finite values with up to 6 significant decimals, null for NaN and infinities.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    public static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }

    public static func quote(_ s: String) -> String { JSONString.quoted(s) }
}
