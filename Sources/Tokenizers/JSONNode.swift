import Foundation
import Support

/// A JSON value read from a tokenizer file together with its path inside the document, so that every error about it
/// can say exactly where it is (`model.merges[12]`). Parsed by Support's `JSONParser`, which keeps keys' exact bytes
/// (a vocabulary holds "Å" U+00C5 and "Å" U+212B as two tokens, which a `[String: Any]` would merge) and keeps a
/// U+FEFF that starts a string (Foundation's `JSONSerialization` on Linux drops it, losing a vocabulary token).
struct JSONNode {
    let value: JSONValue
    let path: String
    let file: String

    static func parse(data: Data, file: String) throws -> JSONNode {
        do {
            let value = try data.withUnsafeBytes { try JSONParser.parse($0) }
            return JSONNode(value: value, path: "$", file: file)
        } catch let error as JSONParseError {
            throw TokenizerError.unreadable(file: file, reason: "not valid JSON (\(error))")
        }
    }

    static func load(path: String) throws -> JSONNode {
        let data: Data
        do { data = try RegularFile.read(path, limit: 1 << 30) } catch let error as RegularFileError {
            throw TokenizerError.unreadable(file: path, reason: error.reason)
        }
        return try parse(data: data, file: path)
    }

    var isNull: Bool { value == .null }

    var isObject: Bool { value.kind == .object }

    /// The string, when the value is one (for fields that are either a string or an object).
    var stringValue: String? { value.stringValue }

    /// The member named `key` (compared byte for byte; the last when repeated), or nil when absent or null.
    func child(_ key: String) -> JSONNode? {
        guard let member = value[key], member != .null else { return nil }
        return JSONNode(value: member, path: path == "$" ? key : "\(path).\(key)", file: file)
    }

    func required(_ key: String) throws -> JSONNode {
        guard let node = child(key) else {
            throw TokenizerError.malformed(file: file, path: path == "$" ? key : "\(path).\(key)", reason: "missing field")
        }
        return node
    }

    /// The members of an object, in file order (duplicate and canonically equivalent keys kept apart).
    func object() throws -> [(key: String, node: JSONNode)] {
        guard case .object(let members) = value else { throw malformed("expected an object") }
        return members.map { ($0.key, JSONNode(value: $0.value, path: "\(path).\($0.key)", file: file)) }
    }

    func array() throws -> [JSONNode] {
        guard case .array(let elements) = value else { throw malformed("expected an array") }
        return elements.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw malformed("expected a string") }
        return text
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw malformed("expected true or false") }
        return flag
    }

    /// An integer written as one (`12`) or as a whole float below 10^15 (`12.0`, `1e3`), as Python's json gives it.
    func int() throws -> Int {
        guard case .number(let text) = value else { throw malformed("expected an integer") }
        if let integer = Int(text) { return integer }
        if let real = Double(text), real.rounded() == real, abs(real) < 1e15 { return Int(real) }
        throw malformed("expected an integer")
    }

    func double() throws -> Double {
        guard case .number(let text) = value, let real = Double(text), real.isFinite else {
            throw malformed("expected a number")
        }
        return real
    }

    func optionalString(_ key: String) throws -> String? { try child(key)?.string() }
    func optionalBool(_ key: String, default d: Bool) throws -> Bool { try child(key)?.bool() ?? d }
    func optionalInt(_ key: String) throws -> Int? { try child(key)?.int() }

    /// The `type` field that tags every Hugging Face component.
    func typeName() throws -> String { try required("type").string() }

    func malformed(_ reason: String) -> TokenizerError {
        .malformed(file: file, path: path, reason: reason)
    }

    func unsupported(_ component: String) -> TokenizerError {
        .unsupported(file: file, path: path, component: component)
    }
}
