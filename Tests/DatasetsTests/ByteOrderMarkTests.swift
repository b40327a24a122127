import Testing
@testable import Datasets

/// `loom score`, `loom tokenize` and the browser read user files through `Dataset`: a byte-order mark at the start
/// of a file is skipped whether or not the file is gzip, and a U+FEFF that starts a string is always kept (it is
/// data; Foundation's JSONSerialization on Linux used to drop it in `loom score`).
@Suite struct ByteOrderMarkTests {
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Two rows; the first string starts with U+FEFF, written raw, the second with the `\ufeff` escape.
    let rows = Array("{\"text\": \"\u{FEFF}one\"}\n\n{\"text\": \"\\ufefftwo\", \"n\": 2}\n".utf8)

    /// Every record of `name`, read as the commands read them (`forEachRecord`).
    func records(_ folder: TestFolder, _ name: String) throws -> [Record] {
        var found: [Record] = []
        try folder.open(name).forEachRecord { found.append($0) }
        return found
    }

    @Test func plainAndGzipFilesWithAndWithoutAMarkReadAlike() throws {
        let folder = try TestFolder()
        try folder.write("plain.jsonl", bytes: rows)
        try folder.write("marked.jsonl", bytes: mark + rows)
        try folder.write("plain.jsonl.gz", bytes: gzip(rows))
        try folder.write("marked.jsonl.gz", bytes: gzip(mark + rows))
        let expected = try records(folder, "plain.jsonl")
        #expect(expected.map(\.line) == [1, 3])
        #expect(expected.map { $0.value?["text"] } == [.string("\u{FEFF}one"), .string("\u{FEFF}two")])
        for name in ["marked.jsonl", "plain.jsonl.gz", "marked.jsonl.gz"] {
            let found = try records(folder, name)
            #expect(found.map(\.value) == expected.map(\.value), "\(name)")
            #expect(found.map(\.line) == expected.map(\.line), "\(name)")
            #expect(!found.contains { $0.isMalformed }, "\(name)")
        }
    }

    @Test func markedGzipCSVHeaderHasNoMark() throws {
        let folder = try TestFolder()
        try folder.write("t.csv.gz", bytes: gzip(mark + Array("name,score\nada,3\n".utf8)))
        let dataset = try folder.open("t.csv.gz")
        #expect(dataset.declaredColumns == ["name", "score"])
        #expect(try dataset.record(at: 0).value?["name"] == .string("ada"))
    }

    @Test func markedGzipJSONArrayReadsItsElements() throws {
        let folder = try TestFolder()
        try folder.write("a.json.gz", bytes: gzip(mark + Array("[{\"a\": 1}, {\"a\": 2}]".utf8)))
        let found = try records(folder, "a.json.gz")
        #expect(found.map { $0.value?["a"] } == [.number("1"), .number("2")])
    }

    @Test func aMarkThatStartsALaterRowIsSkippedToo() throws {
        let folder = try TestFolder()
        // `cat a.jsonl b.jsonl` where b.jsonl has a mark: each row is a JSON text, and a JSON text may start with
        // one. The whole row and a single cell of it agree.
        try folder.write("cat.jsonl", bytes: Array("{\"a\": 1}\n".utf8) + mark + Array("{\"a\": 2}\n".utf8))
        let dataset = try folder.open("cat.jsonl")
        #expect(try dataset.record(at: 1).value?["a"] == .number("2"))
        #expect(try dataset.cell(at: 1, column: Column(path: ["a"])) == .value(.number("2")))
    }
}
