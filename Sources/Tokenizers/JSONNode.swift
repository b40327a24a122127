import Foundation

/// A JSON value read from a tokenizer file together with its path inside the document, so that every error about it
/// can say exactly where it is (`model.merges[12]`). Read with `JSONReader`; keys are compared byte for byte.
struct JSONNode {
    let value: Any
    let path: String
    let file: String

    static func parse(data: Data, file: String) throws -> JSONNode {
        do {
            return JSONNode(value: try JSONReader.parse(data), path: "$", file: file)
        } catch {
            throw TokenizerError.unreadable(file: file, reason: "not valid JSON (\(error))")
        }
    }

    static func load(path: String) throws -> JSONNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError.unreadable(file: path, reason: "the file does not exist or cannot be read")
        }
        return try parse(data: data, file: path)
    }

    var isNull: Bool { value is NSNull }

    var isObject: Bool { value is JSONObject }

    func child(_ key: String) -> JSONNode? {
        guard let object = value as? JSONObject,
              let v = object.members.last(where: { $0.key.utf8.elementsEqual(key.utf8) })?.value else { return nil }
        if v is NSNull { return nil }
        return JSONNode(value: v, path: path == "$" ? key : "\(path).\(key)", file: file)
    }

    func required(_ key: String) throws -> JSONNode {
        guard let node = child(key) else {
            throw TokenizerError.malformed(file: file, path: path == "$" ? key : "\(path).\(key)", reason: "missing field")
        }
        return node
    }

    /// The members of an object, in file order (duplicate and canonically equivalent keys kept apart).
    func object() throws -> [(key: String, node: JSONNode)] {
        guard let object = value as? JSONObject else { throw malformed("expected an object") }
        return object.members.map { ($0.key, JSONNode(value: $0.value, path: "\(path).\($0.key)", file: file)) }
    }

    func array() throws -> [JSONNode] {
        guard let array = value as? [Any] else { throw malformed("expected an array") }
        return array.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws -> String {
        guard let s = value as? String else { throw malformed("expected a string") }
        return s
    }

    func bool() throws -> Bool {
        if type(of: value) == Bool.self, let b = value as? Bool { return b }
        throw malformed("expected true or false")
    }

    func int() throws -> Int {
        if type(of: value) == Int.self, let n = value as? Int { return n }
        if type(of: value) == Double.self, let d = value as? Double, d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        throw malformed("expected an integer")
    }

    func double() throws -> Double {
        if type(of: value) == Int.self, let n = value as? Int { return Double(n) }
        if type(of: value) == Double.self, let d = value as? Double { return d }
        throw malformed("expected a number")
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
