import Testing
@testable import Datasets

@Suite struct ColumnSchemaTests {
    func record(_ text: String, row: Int = 0) throws -> Record {
        Record(row: row, line: row + 1, byteCount: text.utf8.count, isTruncated: false,
               content: .value(try JSONParser.parse(text)))
    }

    @Test func flattensNestedObjectsIntoDottedNames() throws {
        let records = [
            try record(#"{"id": 1, "meta": {"source": "web", "lang": {"code": "en"}}, "tags": ["a"]}"#),
            try record(#"{"id": 2, "meta": {"source": null}, "extra": true}"#, row: 1),
        ]
        let schema = ColumnSchema.infer(from: records)
        #expect(schema.columns.map(\.name) == ["id", "meta.source", "meta.lang.code", "tags", "extra"])
        let source = schema.columns[1]
        #expect(source.path == ["meta", "source"])
        #expect(source.kindCounts == [.string: 1, .null: 1])
        #expect(source.dominantKind == .string)
        #expect(source.value(in: records[0].value!) == .string("web"))
        #expect(schema.columns[3].dominantKind == .array)
    }

    @Test func keysContainingDotsKeepExactPaths() throws {
        let schema = ColumnSchema.infer(from: [try record(#"{"a.b": 1, "a": {"b": 2}}"#)])
        #expect(schema.columns.map(\.path) == [["a.b"], ["a", "b"]])
        let value = try JSONParser.parse(#"{"a.b": 1, "a": {"b": 2}}"#)
        #expect(schema.columns[0].value(in: value) == .number("1"))
        #expect(schema.columns[1].value(in: value) == .number("2"))
    }

    @Test func bareValuesAndMalformedRows() throws {
        let malformed = Record(row: 1, line: 2, byteCount: 3, isTruncated: false,
                               content: .malformed(text: "{", problem: "x"))
        let schema = ColumnSchema.infer(from: [try record("[1, 2]"), malformed], declared: ["x"])
        #expect(schema.columns.map(\.name) == ["x", "value"])
        #expect(schema.hasBareValues)
        #expect(schema.value(of: schema.columns[1], in: .number("3")) == .number("3"))
    }

    @Test func datasetInfersFromCSVHeaderFirst() throws {
        let folder = try TestFolder()
        try folder.write("t.csv", "b,a\n1,\n")
        let dataset = try folder.open("t.csv")
        #expect(dataset.inferSchema().columns.map(\.name) == ["b", "a"])
    }

    @Test func canonicallyEquivalentKeysAreTwoColumns() throws {
        let folder = try TestFolder()
        try folder.write("k.jsonl", "{\"\u{E9}\": 1}\n{\"e\u{301}\": \"x\"}\n")
        let dataset = try folder.open("k.jsonl")
        let columns = dataset.inferSchema().columns
        #expect(columns.map { Array($0.name.utf8) } == [[0xC3, 0xA9], [0x65, 0xCC, 0x81]])
        #expect(columns.map(\.dominantKind) == [.number, .string])
        #expect(try dataset.cell(at: 0, column: columns[0]) == .value(.number("1")))
        #expect(try dataset.cell(at: 0, column: columns[1]) == .missing)
        #expect(try dataset.cell(at: 1, column: columns[1]) == .value(.string("x")))
    }
}
