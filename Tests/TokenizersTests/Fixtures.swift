import Foundation
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

    static func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).expected.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        func ids(_ any: Any?) -> [UInt32] { (any as! [Any]).map { UInt32(($0 as! NSNumber).intValue) } }
        let cases = (root["cases"] as! [[String: Any]]).map {
            Case(text: $0["text"] as! String, ids: ids($0["ids"]), idsWithoutSpecial: ids($0["ids_without_special"]),
                 decoded: $0["decoded"] as! String, decodedSkippingSpecial: $0["decoded_skipping_special"] as! String)
        }
        let invalid = (root["invalid_utf8"] as! [[String: Any]]).map { entry -> InvalidCase in
            let hex = Array((entry["hex"] as! String).utf8)
            var bytes: [UInt8] = []
            var i = 0
            while i + 1 < hex.count {
                bytes.append(UInt8(String(decoding: hex[i...(i + 1)], as: UTF8.self), radix: 16)!)
                i += 2
            }
            return InvalidCase(bytes: bytes, replaced: entry["replaced"] as! String, ids: ids(entry["ids"]))
        }
        let pair = root["pair"] as! [String: Any]
        let fuzz = (root["fuzz"] as! [[String: Any]]).map { ($0["text"] as! String, ids($0["ids"])) }
        return Expected(cases: cases, invalid: invalid, fuzz: fuzz,
                        pair: (pair["a"] as! String, pair["b"] as! String, ids(pair["ids"])))
    }
}
