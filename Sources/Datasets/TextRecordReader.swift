import Foundation
import Support
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JSONL, JSON, CSV and TSV files (plain or gzip) by row number. A background thread scans the file once on
/// one core and records where each row ends (`RowIndex`); rows are read with `pread` and parsed only when asked
/// for, so opening a 1 GB file costs what reading its first screen does.
final class TextRecordReader: RecordReader, Sendable {
    let format: DatasetFormat
    let path: String
    private let file: DatasetFile
    /// Where rows are read from: the file itself, or an unlinked temporary file of decompressed text.
    private let store: DatasetFile
    private let isGzip: Bool
    let index: RowIndex
    /// Where the text starts: after a UTF-8 byte-order mark, in the file or (gzip) in the decompressed text.
    private let textStart: UInt64
    /// The CSV/TSV header's column names, once read.
    private let header = Mutex<[String]?>(nil)
    /// When the file was last checked (nanoseconds of uptime), and the problem found, which stays once seen.
    private let fileCheck = Mutex<(lastCheck: UInt64, problem: DatasetError?)>((0, nil))
    /// Nanoseconds between checks that the file is still the one opened.
    static let fileCheckInterval: UInt64 = 100_000_000

    /// Reads bigger than this are never done in one piece for a preview; a whole record may be larger.
    static let firstChunk = 256 << 10
    static let chunk = 4 << 20

    init(file: DatasetFile, format: DatasetFormat, gzip: Bool, bomLength: Int) throws {
        self.format = format
        self.file = file
        self.path = file.path
        self.isGzip = gzip
        if gzip {
            store = try TextRecordReader.makeTemporaryStore(for: file.path)
        } else {
            store = file
        }
        textStart = UInt64(bomLength)
        index = RowIndex(bytesTotal: file.sizeAtOpen)
        index.setDataStart(textStart)
        startIndexing()
    }

    deinit { index.requestCancel() }

    private static func makeTemporaryStore(for path: String) throws -> DatasetFile {
        var template = Array((NSTemporaryDirectory() + "/loom-gunzip-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DatasetError(.readFailed, path: path, problem: "cannot create a temporary file to decompress into",
                               remedy: "Check that the temporary folder (\(NSTemporaryDirectory())) is writable.")
        }
        // Unlinked at once: the space is freed when the dataset is closed, even after a crash.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return DatasetFile(temporaryDescriptor: fd, label: path + " (decompressed)")
    }

    // MARK: RecordReader

    var rowCount: Int { index.rowCount }
    var progress: IndexProgress { index.snapshot }
    var indexBytesPerRow: Double { index.bytesPerRow }

    var declaredColumns: [String] {
        guard format == .csv || format == .tsv else { return [] }
        return (try? csvHeader()) ?? []
    }

    func waitForRows(_ rows: Int, timeout: Double) -> Int { index.wait(forRows: rows, timeout: timeout) }
    func waitUntilIndexed(timeout: Double) -> IndexProgress { index.waitUntilComplete(timeout: timeout) }
    func cancelIndexing() { index.requestCancel() }

    /// Rows up to this size are read whole for a preview, so that every key is there (only long values are cut to
    /// `maxBytes`: the parse skips the rest of a long string without building it). A bigger row is previewed from
    /// its first `maxBytes` bytes, and the record's `cuts` say where its text was cut.
    static let wholeRowPreviewLimit = 256 << 20

    func record(at row: Int, maxBytes: Int?) throws -> Record {
        let (bytes, fullCount, cut) = try rowBytes(at: row, maxBytes: maxBytes.map { previewReadLength(row, $0) })
        let line = index.line(ofRow: row)
        let decoded = try bytes.withUnsafeBytes { try decode($0, cut: cut, maxBytes: maxBytes) }
        return Record(row: row, line: line, byteCount: fullCount, isTruncated: decoded.truncated,
                      content: decoded.content, cuts: decoded.cuts)
    }

    /// How many bytes of a row a preview of `maxBytes` reads: the whole row up to `wholeRowPreviewLimit`.
    private func previewReadLength(_ row: Int, _ maxBytes: Int) -> Int {
        guard let span = index.span(ofRow: row) else { return maxBytes }
        let size = Int(span.end - span.start)
        return size <= Self.wholeRowPreviewLimit ? size : maxBytes
    }

    /// A row's content from its bytes (`cut` when they are only a prefix of the row); with `maxBytes`, long values
    /// are cut to that many bytes and listed in `cuts`.
    func decode(_ buffer: UnsafeRawBufferPointer, cut: Bool,
                maxBytes: Int?) throws -> (content: Record.Content, truncated: Bool, cuts: [JSONCut]) {
        switch format {
        case .csv, .tsv:
            let names = try csvHeader()
            return DelimitedRow.decode(buffer, delimiter: format == .tsv ? 0x09 : 0x2C, header: names, cut: cut,
                                       maxFieldBytes: maxBytes)
        default:
            return TextRecordReader.decodeJSON(buffer, requireEnd: format == .jsonl, cut: cut, maxBytes: maxBytes)
        }
    }

    /// One cell from a whole row's bytes: JSON rows build only that value.
    func cell(in buffer: UnsafeRawBufferPointer, path: [String]) throws -> CellLookup {
        switch format {
        case .jsonl, .json:
            do {
                let value = try JSONParser.value(atPath: path, in: buffer, requireEnd: format == .jsonl)
                return value.map { .value($0) } ?? .missing
            } catch {
                return .malformed
            }
        default:
            guard case .value(let value) = try decode(buffer, cut: false, maxBytes: nil).0 else { return .malformed }
            return value.value(atPath: path).map { .value($0) } ?? .missing
        }
    }

    /// Calls `body` with each row of `rows` (all indexed) in order, reading the file in blocks of up to 4 MB:
    /// one `pread` for many small rows, which is what makes a search or statistics pass fast. `body` returns false
    /// to stop early. The bytes passed are valid only during the call.
    func forEachRawRow(in rows: Range<Int>, _ body: (Int, UnsafeRawBufferPointer) throws -> Bool) throws {
        let blockSize = 4 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { block.deallocate() }
        var row = rows.lowerBound
        while row < rows.upperBound {
            if let problem = recentFileProblem() { throw problem }
            let spans = index.boundaries(from: row, count: min(8192, rows.upperBound - row))
            guard spans.count >= 2 else {
                throw DatasetError(.rowOutOfRange, path: path, location: "row \(row + 1)",
                                   problem: "there is no such row (\(index.rowCount) rows are indexed)",
                                   remedy: "Ask for a row below the row count.")
            }
            let start = spans[0]
            var last = 1
            while last + 1 < spans.count && spans[last + 1] - start <= UInt64(blockSize) { last += 1 }
            if spans[1] - start > UInt64(blockSize) {
                // One row larger than a block: read it alone.
                let bytes = try store.bytes(at: start, count: Int(spans[1] - start))
                let goOn = try bytes.withUnsafeBytes { try body(row, $0) }
                if !goOn { return }
                row += 1
                continue
            }
            try store.read(into: block, count: Int(spans[last] - start), at: start)
            for index in 1...last {
                let slice = UnsafeRawBufferPointer(start: block + Int(spans[index - 1] - start),
                                                   count: Int(spans[index] - spans[index - 1]))
                if try !body(row, slice) { return }
                row += 1
            }
        }
    }

    func rawBytes(ofRow row: Int, maxBytes: Int?) throws -> [UInt8]? {
        try rowBytes(at: row, maxBytes: maxBytes).bytes
    }

    func cell(at row: Int, path: [String]) throws -> CellLookup {
        let bytes = try rowBytes(at: row, maxBytes: nil).bytes
        return try bytes.withUnsafeBytes { try cell(in: $0, path: path) }
    }

    /// The raw bytes of a row (at most `maxBytes`), its full size, and whether it was cut.
    func rowBytes(at row: Int, maxBytes: Int?) throws -> (bytes: [UInt8], fullCount: Int, cut: Bool) {
        guard let span = index.span(ofRow: row) else {
            throw DatasetError(.rowOutOfRange, path: path, location: "row \(row + 1)",
                               problem: "there is no such row (\(index.rowCount) rows are indexed)",
                               remedy: "Ask for a row below the row count.")
        }
        if let problem = recentFileProblem() { throw problem }
        let fullCount = Int(span.end - span.start)
        let count = maxBytes.map { min(max($0, 0), fullCount) } ?? fullCount
        let bytes = try store.bytes(at: span.start, count: count)
        return (bytes, fullCount, count < fullCount)
    }

    /// Checks whether the file was deleted or replaced, at most every `fileCheckInterval` (a `stat` per row
    /// would cost more than reading the row). A problem, once seen, stays: the dataset must be reopened.
    /// Truncation needs no check: reading past the new end comes back short and is reported then.
    private func recentFileProblem() -> DatasetError? {
        let now = DispatchTime.now().uptimeNanoseconds
        return fileCheck.withLock { check in
            if check.problem == nil && now &- check.lastCheck >= TextRecordReader.fileCheckInterval {
                check.lastCheck = now
                check.problem = file.checkStillPresent()
            }
            return check.problem
        }
    }

    func checkFile() -> DatasetError? {
        fileCheck.withLock { check in
            if check.problem == nil {
                check.lastCheck = DispatchTime.now().uptimeNanoseconds
                check.problem = file.checkStillPresent()
            }
            return check.problem
        }
    }

    static func decodeJSON(_ buffer: UnsafeRawBufferPointer, requireEnd: Bool, cut: Bool,
                           maxBytes: Int?) -> (content: Record.Content, truncated: Bool, cuts: [JSONCut]) {
        do {
            let limits = maxBytes.map { JSONPreviewLimits(maxStringBytes: max($0, 16), maxArrayElements: max(64, $0 / 8)) }
            let result = try JSONParser.parse(buffer, limits: limits, allowTruncatedInput: cut, requireEnd: requireEnd)
            return (.value(result.value), result.isTruncated || cut, result.cuts)
        } catch let error as JSONParseError {
            let text = malformedText(buffer, limit: maxBytes ?? (1 << 20))
            let lead = leadingWhitespace(buffer)
            return (.malformed(text: text, problem: "\(error.message) at byte \(max(0, error.offset - lead) + 1) of the row"),
                    cut, [])
        } catch {
            return (.malformed(text: malformedText(buffer, limit: maxBytes ?? (1 << 20)), problem: "\(error)"), cut, [])
        }
    }

    static func leadingWhitespace(_ buffer: UnsafeRawBufferPointer) -> Int {
        var start = 0
        while start < buffer.count, [0x20, 0x09, 0x0A, 0x0D].contains(buffer[start]) { start += 1 }
        return start
    }

    /// The row's text without surrounding whitespace, cut to `limit` bytes, invalid UTF-8 as U+FFFD.
    static func malformedText(_ buffer: UnsafeRawBufferPointer, limit: Int) -> String {
        let start = leadingWhitespace(buffer)
        var end = buffer.count
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(buffer[end - 1]) { end -= 1 }
        end = min(end, start + limit)
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }

    func csvHeader() throws -> [String] {
        try header.withLock { header in
            if let header { return header }
            // Never wait: until the scanner has found the header's end (rare: a header beyond the first buffer),
            // there are no rows either, and no columns yet.
            let end = index.dataStart
            guard end > textStart else { return [] }
            let bytes = try store.bytes(at: textStart, count: Int(min(end - textStart, 16 << 20)))
            let names = bytes.withUnsafeBytes {
                DelimitedRow.parseFields($0, delimiter: format == .tsv ? 0x09 : 0x2C).fields
            }
            let unique = DelimitedRow.uniqueNames(names)
            header = unique
            return unique
        }
    }

    // MARK: Indexing

    /// Scans the first buffer on the caller's thread (so the first screen's rows exist when `open` returns, without
    /// waiting for a thread to start), then the rest on a background thread.
    private func startIndexing() {
        let start = textStart
        switch format {
        case .jsonl:
            launch(IndexBuilder(file: file, store: store, gzip: isGzip, start: start, index: index,
                                scanner: LineScanner(start: start)))
        case .csv, .tsv:
            launch(IndexBuilder(file: file, store: store, gzip: isGzip, start: start, index: index,
                                scanner: DelimitedScanner(delimiter: format == .tsv ? 0x09 : 0x2C, start: start)))
        default:
            launch(IndexBuilder(file: file, store: store, gzip: isGzip, start: start, index: index,
                                scanner: JSONValueScanner(start: start)))
        }
    }

    private func launch<Scanner: RowScanner>(_ builder: sending IndexBuilder<Scanner>) {
        guard builder.step() else { return }
        BackgroundThread.start {
            while builder.step() {}
        }
    }
}
