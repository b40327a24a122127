import Testing
@testable import Datasets

/// Scanners keep their state across buffers: any split of the input must give the same rows and lines.
@Suite struct RowScannerTests {
    func rows<Scanner: RowScanner>(_ text: String, chunk: Int, _ make: () -> Scanner) -> (ends: [UInt64], lines: [Int], start: UInt64?) {
        var scanner = make()
        var batch = RowBatch()
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let size = min(chunk, bytes.count - offset)
            bytes[offset..<(offset + size)].withUnsafeBytes { scanner.scan($0, at: UInt64(offset), into: &batch) }
            offset += size
        }
        scanner.finish(at: UInt64(bytes.count), into: &batch)
        // Expand the sparse line anchors into one line per row.
        var lines: [Int] = []
        var anchors = batch.anchors[...]
        var line = 1
        for row in batch.ends.indices {
            if let anchor = anchors.first, anchor.row == row {
                line = anchor.line
                anchors = anchors.dropFirst()
            }
            lines.append(line)
            line += 1
        }
        return (batch.ends, lines, scanner.dataStart)
    }

    static let csv = "id,\"note, with comma\"\r\n1,\"multi\r\nline \"\"quoted\"\"\"\r\n\r\n2,mid\"quote,x\n\"3\",\"\",\"a\"\"\"\n4,last"
    static let json = "[\n {\"a\": \"x]\\\"}\\\\\", \"b\": [1, {\"c\": 2}]},\n\n {\"a\": \"y\"} ,3\n]\ntrailing"
    static let jsonl = "{\"a\": 1}\r\n\n{\"a\": \"b\\nc\"}\n   \n{}\n{\"tail\": true}"

    @Test func delimitedScannerIsSplitInvariant() {
        let whole = rows(Self.csv, chunk: 1 << 20) { DelimitedScanner(delimiter: 0x2C, start: 0) }
        #expect(whole.ends.count == 4)
        #expect(whole.lines == [2, 5, 6, 7])
        #expect(whole.start == 23)
        for chunk in 1...9 {
            let split = rows(Self.csv, chunk: chunk) { DelimitedScanner(delimiter: 0x2C, start: 0) }
            #expect(split.ends == whole.ends && split.lines == whole.lines, "chunk \(chunk)")
        }
    }

    @Test func jsonValueScannerIsSplitInvariant() {
        let whole = rows(Self.json, chunk: 1 << 20) { JSONValueScanner(start: 0) }
        #expect(whole.ends.count == 3)
        #expect(whole.lines == [2, 4, 4])
        #expect(whole.start == 1)
        for chunk in 1...9 {
            let split = rows(Self.json, chunk: chunk) { JSONValueScanner(start: 0) }
            #expect(split.ends == whole.ends && split.lines == whole.lines, "chunk \(chunk)")
        }
    }

    @Test func lineScannerIsSplitInvariant() {
        let whole = rows(Self.jsonl, chunk: 1 << 20) { LineScanner(start: 0) }
        // The whitespace-only line 4 is a row (shown as malformed), empty lines are not.
        #expect(whole.lines == [1, 3, 4, 5, 6])
        for chunk in 1...9 {
            let split = rows(Self.jsonl, chunk: chunk) { LineScanner(start: 0) }
            #expect(split.ends == whole.ends && split.lines == whole.lines, "chunk \(chunk)")
        }
    }

    @Test func findFirstFindsEachByteAtEveryPosition() {
        for length in 0..<20 {
            for position in 0..<max(length, 1) {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = 0x22 }
                let found = bytes.withUnsafeBufferPointer {
                    findFirst($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, from: 0, count: length, 0x22, 0x5C, 0x0A)
                }
                #expect(found == (position < length ? position : length))
            }
        }
        let high: [UInt8] = [0xE2, 0x80, 0xA2, 0xC3, 0xA9, 0x7F, 0x80, 0xFF, 0x5C]
        #expect(high.withUnsafeBufferPointer { findFirst($0.baseAddress!, from: 0, count: 9, 0x22, 0x5C, 0x0A) } == 8)
    }
}
