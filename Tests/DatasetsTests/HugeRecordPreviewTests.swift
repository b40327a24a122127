import Foundation
import Testing
@testable import Datasets

/// A preview of a record bigger than the preview length keeps every key and cuts only the long value, saying
/// which value it cut and how big it was (issue 21, item 7: `{"a": 10 MB string, "b": …}` lost column b).
@Suite struct HugeRecordPreviewTests {
    static let size = 10 << 20

    /// `{"a": "xxx…" (10 MB), "b": 2, "c": {"d": [ "yyy…" (10 MB) ], "e": true}}` then a small row.
    static func hugeRow() -> [UInt8] {
        var bytes = Array(#"{"a": ""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        bytes += Array(#"", "b": 2, "c": {"d": ["#.utf8)
        bytes += Array(#"""#.utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: size) + Array(#"""#.utf8)
        bytes += Array(#"], "e": true}}"#.utf8)
        return bytes
    }

    @Test(arguments: [16 << 10, 4 << 20])
    func aJSONLPreviewKeepsEveryKey(maxBytes: Int) throws {
        let folder = try TestFolder()
        try folder.write("huge.jsonl", bytes: Self.hugeRow() + Array("\n{\"b\": 3}\n".utf8))
        let dataset = try folder.open("huge.jsonl")
        let preview = try dataset.record(at: 0, maxBytes: maxBytes)
        let value = try #require(preview.value)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["a", "b", "c"])
        #expect(value["b"] == .number("2"))
        #expect(value["c"]?["e"] == .bool(true))
        let a = try #require(value["a"]?.stringValue)
        #expect(a.utf8.count <= maxBytes && a.utf8.count >= maxBytes - 4 && a.allSatisfy { $0 == "x" })
        #expect(preview.isTruncated)
        #expect(preview.cuts == [JSONCut(path: ["a"], byteCount: Self.size), JSONCut(path: ["c", "d"], byteCount: Self.size)])
        #expect(preview.cut(at: ["a"])?.byteCount == Self.size)
        #expect(preview.cut(at: ["b"]) == nil)
        #expect(preview.cut(at: ["c", "d"]) != nil && preview.cut(at: ["c", "e"]) == nil)
        let small = try dataset.record(at: 1, maxBytes: maxBytes)
        #expect(!small.isTruncated && small.cuts.isEmpty && small.value?["b"] == .number("3"))
    }

    @Test func aJSONArrayPreviewKeepsEveryKey() throws {
        let folder = try TestFolder()
        try folder.write("huge.json", bytes: Array("[".utf8) + Self.hugeRow() + Array(", {\"b\": 3}]".utf8))
        let dataset = try folder.open("huge.json")
        let preview = try dataset.record(at: 0, maxBytes: 16 << 10)
        #expect(preview.value?["b"] == .number("2"))
        #expect(preview.cut(at: ["a"])?.byteCount == Self.size)
    }

    @Test func aCSVPreviewKeepsEveryColumn() throws {
        let folder = try TestFolder()
        var bytes = Array("a,b\n\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: Self.size)
        bytes += Array("\",2\n1,3\n".utf8)
        try folder.write("huge.csv", bytes: bytes)
        let dataset = try folder.open("huge.csv")
        let preview = try dataset.record(at: 0, maxBytes: 16 << 10)
        #expect(preview.value?["b"] == .number("2"))
        #expect((preview.value?["a"]?.stringValue?.utf8.count ?? 0) <= 16 << 10)
        #expect(preview.cuts == [JSONCut(path: ["a"], byteCount: Self.size)])
        #expect(try dataset.record(at: 0).value?["a"]?.stringValue?.utf8.count == Self.size, "read in full: whole")
    }

    /// Strings with escapes take the parser's slow path; the cut and its size are reported there too.
    @Test func anEscapedLongStringIsCutAndSized() throws {
        let long = String(repeating: #"\"ab"#, count: 10_000)
        let text = #"{"k": ""# + long + #"", "z": 1}"#
        var copy = text
        let result = try copy.withUTF8 {
            try JSONParser.parse(UnsafeRawBufferPointer($0), limits: JSONPreviewLimits(maxStringBytes: 100),
                                 allowTruncatedInput: false)
        }
        #expect(result.value["z"] == .number("1"))
        #expect(result.cuts == [JSONCut(path: ["k"], byteCount: long.utf8.count)])
        #expect((result.value["k"]?.stringValue?.utf8.count ?? 0) <= 101)
    }

    /// Text that ends inside a value (a prefix read of a row too big to read whole) is noted where it ended.
    @Test func textEndingInsideAValueIsNoted() throws {
        var copy = #"{"a": 1, "b": {"c": "xyz"#
        let result = try copy.withUTF8 {
            try JSONParser.parse(UnsafeRawBufferPointer($0), limits: JSONPreviewLimits(maxStringBytes: 100),
                                 allowTruncatedInput: true)
        }
        #expect(result.isTruncated)
        #expect(result.cuts == [JSONCut(path: ["b", "c"], byteCount: nil)])
        #expect(result.value["a"] == .number("1"))
    }

    /// A long array in a preview keeps its first elements (the rest is checked, not built) and is noted as cut.
    @Test func aLongArrayIsCutAndLaterKeysStay() throws {
        let folder = try TestFolder()
        let numbers = (0..<200_000).map(String.init).joined(separator: ",")
        try folder.write("ids.jsonl", #"{"ids": ["# + numbers + #"], "b": 1}"# + "\n")
        let dataset = try folder.open("ids.jsonl")
        let preview = try dataset.record(at: 0, maxBytes: 16 << 10)
        #expect(preview.value?["b"] == .number("1"))
        guard case .array(let ids)? = preview.value?["ids"] else { Issue.record("ids is not an array"); return }
        #expect(ids.count == 2048 && ids.first == .number("0"))
        #expect(preview.cuts == [JSONCut(path: ["ids"], byteCount: numbers.utf8.count + 2)])
        guard case .array(let all)? = try dataset.record(at: 0).value?["ids"] else { Issue.record("ids"); return }
        #expect(all.count == 200_000)
    }
}
