import Foundation
import Support

/// Everything a curation run can be told, read from CURATE.toml: each filter's thresholds under datatrove's
/// parameter names (one `[table]` per filter, `enabled = false` to skip it), MinHash's shingles and bands, the text
/// field, PII masking, and the run's memory budget and checkpoint interval. Keys not given keep FineWeb's values;
/// an unknown key or a value of the wrong kind or range is an error naming the file, line and key.
/// `text` writes the whole resolved configuration back as TOML (`loom curate --print-config`), and the same text is
/// part of a run's fingerprint, so a run resumes only under the settings it started with.
public struct CurateConfig: Sendable {
    public var pipeline = CurationPipeline()
    public var field = "text"
    public var masksPII = true
    /// Memory for MinHash signatures before they are spilled to disk.
    public var memoryMegabytes = 256
    /// Seconds between checkpoints of the state file.
    public var checkpointSeconds = 30.0

    public init() {}

    /// Reads `text` (the contents of `path`, named in errors) over the defaults.
    public init(toml text: String, path: String) throws {
        let document: TOMLDocument
        do { document = try TOMLDocument(text: text) } catch let error as TOMLSyntaxError {
            throw CurateError(path: path, message: "line \(error.line): \(error.message)")
        }
        self.init()
        let keys = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0.name, $0) })
        for name in document.orderedKeys {
            guard let entry = document[name] else { continue }
            guard let key = keys[name] else {
                throw CurateError(path: path, message: "line \(entry.line): unknown key '\(name)'; known keys are listed by `loom curate --print-config`")
            }
            do { try key.set(&self, entry.value) } catch let problem as Problem {
                throw CurateError(path: path, message: "line \(entry.line): \(name) \(problem.message)")
            }
        }
    }

    /// The resolved configuration as CURATE.toml.
    public var text: String {
        var out = ""
        var table = ""
        for key in Self.keys {
            let parts = key.name.split(separator: ".", maxSplits: 1)
            let (section, name) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("", key.name)
            if section != table {
                out += (out.isEmpty ? "" : "\n") + "[\(section)]\n"
                table = section
            }
            out += "\(name) = \(key.get(self))\n"
        }
        return out
    }

    struct Problem: Error { var message: String }

    struct Key: Sendable {
        var name: String
        var get: @Sendable (CurateConfig) -> TOMLValue
        var set: @Sendable (inout CurateConfig, TOMLValue) throws -> Void
    }

    static func number(_ value: TOMLValue) throws -> Double {
        switch value {
        case .integer(let i): return Double(i)
        case .float(let d) where d.isFinite: return d
        default: throw Problem(message: "must be a number, not \(value.kindName)")
        }
    }

    static func fraction(_ value: TOMLValue) throws -> Double {
        let d = try number(value)
        guard d >= 0 && d <= 1 else { throw Problem(message: "must be between 0 and 1, not \(d)") }
        return d
    }

    static func integer(_ value: TOMLValue, minimum: Int = 0) throws -> Int {
        guard case .integer(let i) = value else { throw Problem(message: "must be an integer, not \(value.kindName)") }
        guard i >= minimum else { throw Problem(message: "must be at least \(minimum), not \(i)") }
        return i
    }

    static func bool(_ value: TOMLValue) throws -> Bool {
        guard case .bool(let b) = value else { throw Problem(message: "must be true or false, not \(value.kindName)") }
        return b
    }

    static func pairs(_ value: TOMLValue) throws -> [(n: Int, fraction: Double)] {
        guard case .array(let items) = value else { throw Problem(message: "must be an array of [n, fraction] pairs") }
        return try items.map { item in
            guard case .array(let pair) = item, pair.count == 2 else { throw Problem(message: "must be an array of [n, fraction] pairs") }
            return (try integer(pair[0], minimum: 1), try fraction(pair[1]))
        }
    }

    static func fractionKey(_ name: String, _ path: WritableKeyPath<CurateConfig, Double> & Sendable) -> Key {
        Key(name: name, get: { .float($0[keyPath: path]) }, set: { $0[keyPath: path] = try fraction($1) })
    }

    static func numberKey(_ name: String, _ path: WritableKeyPath<CurateConfig, Double> & Sendable) -> Key {
        Key(name: name, get: { .float($0[keyPath: path]) }, set: { $0[keyPath: path] = try number($1) })
    }

    static func integerKey(_ name: String, _ path: WritableKeyPath<CurateConfig, Int> & Sendable, minimum: Int = 0) -> Key {
        Key(name: name, get: { .integer($0[keyPath: path]) }, set: { $0[keyPath: path] = try integer($1, minimum: minimum) })
    }

    static func boolKey(_ name: String, _ path: WritableKeyPath<CurateConfig, Bool> & Sendable) -> Key {
        Key(name: name, get: { .bool($0[keyPath: path]) }, set: { $0[keyPath: path] = try bool($1) })
    }

    static func enabledKey(_ filter: String) -> Key {
        Key(name: "\(filter).enabled", get: { .bool(!$0.pipeline.disabled.contains(filter)) }, set: {
            if try bool($1) { $0.pipeline.disabled.remove(filter) } else { $0.pipeline.disabled.insert(filter) }
        })
    }
}
