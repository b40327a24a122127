import Foundation
import Support
@testable import Tokenizers

/// Access to the committed fixtures written by `Scripts/tokenizers/make_fixtures.py`.
enum Fixtures {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func tokenizer(_ name: String) throws -> Tokenizer {
        try Tokenizer(contentsOfFile: path("\(name).tokenizer.json"))
    }

    struct Case {
        var text: String
        var ids: [UInt32]
        var idsWithoutSpecial: [UInt32]
        var decoded: String
        var decodedSkippingSpecial: String
    }

    struct InvalidCase {
        var bytes: [UInt8]
        var replaced: String
        var ids: [UInt32]
    }

    struct Expected {
        var cases: [Case]
        var invalid: [InvalidCase]
        var fuzz: [(text: String, ids: [UInt32])]
        var pair: (a: String, b: String, ids: [UInt32])
    }

    /// Read with Support's parser, not JSONSerialization, which on Linux drops a U+FEFF that starts a string: a
    /// golden text must reach the tokenizer exactly as HF saw it.
    static func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).expected.json"))
        let root = try data.withUnsafeBytes { try JSONParser.parse($0) }
        func string(_ value: JSONValue?) -> String { value!.stringValue! }
        func objects(_ value: JSONValue?) -> [JSONValue] {
            guard case .array(let elements)? = value else { fatalError("\(name): expected an array") }
            return elements
        }
        func ids(_ value: JSONValue?) -> [UInt32] { objects(value).map { UInt32($0.doubleValue!) } }
        let cases = objects(root["cases"]).map {
            Case(text: string($0["text"]), ids: ids($0["ids"]), idsWithoutSpecial: ids($0["ids_without_special"]),
                 decoded: string($0["decoded"]), decodedSkippingSpecial: string($0["decoded_skipping_special"]))
        }
        let invalid = objects(root["invalid_utf8"]).map { entry -> InvalidCase in
            let hex = Array(string(entry["hex"]).utf8)
            var bytes: [UInt8] = []
            var i = 0
            while i + 1 < hex.count {
                bytes.append(UInt8(String(decoding: hex[i...(i + 1)], as: UTF8.self), radix: 16)!)
                i += 2
            }
            return InvalidCase(bytes: bytes, replaced: string(entry["replaced"]), ids: ids(entry["ids"]))
        }
        let pair = root["pair"]
        let fuzz = objects(root["fuzz"]).map { (string($0["text"]), ids($0["ids"])) }
        return Expected(cases: cases, invalid: invalid, fuzz: fuzz,
                        pair: (string(pair?["a"]), string(pair?["b"]), ids(pair?["ids"])))
    }
}
