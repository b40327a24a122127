import Foundation

/// A JSON value read from a tokenizer file together with its path inside the document, so that every error about it
/// can say exactly where it is (`model.merges[12]`). Built on Foundation's `JSONSerialization`: tokenizer files are
/// read once, so the loader is not a hot path.
struct JSONNode {
    let value: Any
    let path: String
    let file: String

    static func parse(data: Data, file: String) throws -> JSONNode {
        do {
            let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return JSONNode(value: value, path: "$", file: file)
        } catch {
            throw TokenizerError.unreadable(file: file, reason: "not valid JSON (\(error.localizedDescription))")
        }
    }

    static func load(path: String) throws -> JSONNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError.unreadable(file: path, reason: "the file does not exist or cannot be read")
        }
        return try parse(data: data, file: path)
    }

    var isNull: Bool { value is NSNull }

    func child(_ key: String) -> JSONNode? {
        guard let object = value as? [String: Any], let v = object[key] else { return nil }
        if v is NSNull { return nil }
        return JSONNode(value: v, path: path == "$" ? key : "\(path).\(key)", file: file)
    }

    func required(_ key: String) throws -> JSONNode {
        guard let node = child(key) else {
            throw TokenizerError.malformed(file: file, path: path == "$" ? key : "\(path).\(key)", reason: "missing field")
        }
        return node
    }

    var keys: [String] { (value as? [String: Any]).map { Array($0.keys) } ?? [] }

    func object() throws -> [String: JSONNode] {
        guard let object = value as? [String: Any] else { throw malformed("expected an object") }
        var out: [String: JSONNode] = [:]
        for (k, v) in object { out[k] = JSONNode(value: v, path: "\(path).\(k)", file: file) }
        return out
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
        if String(describing: type(of: value)).contains("Boolean"), let b = value as? Bool { return b }
        if let b = value as? Bool, !(value is NSNumber) { return b }
        throw malformed("expected true or false")
    }

    func int() throws -> Int {
        if let n = value as? NSNumber {
            let d = n.doubleValue
            if d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        }
        throw malformed("expected an integer")
    }

    func double() throws -> Double {
        if let n = value as? NSNumber { return n.doubleValue }
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
