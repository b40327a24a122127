import Support

/// A JSON object written key by key, in order. Strings are escaped beyond what JSON requires: every control
/// character (C0, DEL, C1), bidirectional override and line separator becomes `\uXXXX`, so that printing the
/// output to a terminal can never let dataset text act on it.
struct JSONObjectWriter {
    private var parts: [String] = []

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    mutating func string(_ key: String, _ value: String) { parts.append(Self.quoted(key) + ":" + Self.quoted(value)) }
    mutating func number(_ key: String, _ value: Int) { parts.append(Self.quoted(key) + ":" + String(value)) }
    mutating func bool(_ key: String, _ value: Bool) { parts.append(Self.quoted(key) + ":" + (value ? "true" : "false")) }
    /// A value that is already JSON.
    mutating func raw(_ key: String, _ json: String) { parts.append(Self.quoted(key) + ":" + json) }

    static func quoted(_ s: String) -> String { JSONString.quoted(s) }
}
