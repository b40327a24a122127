import Foundation
import Support
import Synchronization

/// Reads Parquet files by row number behind `RecordReader`. Opening reads only the footer; a row is found as
/// (row group, offset) and built from its columns' chunks, which are decoded page by page as far as asked
/// (`ParquetColumnCursor`) and kept in a cache bounded by `memoryBudget` (least recently used chunks go first).
/// Every problem becomes a `DatasetError` naming the row group, the column and the page.
final class ParquetRecordReader: RecordReader, Sendable {
    let format = DatasetFormat.parquet
    let path: String
    private let file: DatasetFile
    let parquet: ParquetFile
    private let fieldLeaves: [[Int]]
    /// Decoded column chunks kept at most this large in all (bytes); the chunks a row needs are always kept.
    let memoryBudget: Int

    private struct Key: Hashable {
        var group: Int
        var leaf: Int
    }

    private struct Cache {
        var cursors: [Key: ParquetColumnCursor] = [:]
        var lastUse: [Key: UInt64] = [:]
        var clock: UInt64 = 0
    }

    private let cache = Mutex(Cache())
    private let fileCheck = Mutex<(lastCheck: UInt64, problem: DatasetError?)>((0, nil))

    static let defaultMemoryBudget = 1 << 30

    init(file: DatasetFile, memoryBudget: Int = ParquetRecordReader.defaultMemoryBudget) throws {
        self.file = file
        self.path = file.path
        self.memoryBudget = memoryBudget
        var parquet: ParquetFile
        do {
            parquet = try ParquetFile.open(file)
        } catch let error as ParquetDecodeError {
            throw DatasetError(.corrupt, path: file.path, location: "footer", problem: error.problem,
                               remedy: "Check that the file is a complete Parquet file (pyarrow.parquet.read_metadata).")
        }
        fieldLeaves = parquet.leavesByField
        // A footer that says 0 rows for a row group whose columns hold values: count the rows from the first column.
        for (index, group) in parquet.metadata.rowGroups.enumerated()
        where group.rowCount == 0 && !parquet.schema.leaves.isEmpty && (group.columns.first?.valueCount ?? 0) > 0 {
            let cursor = try ParquetRecordReader.wrap(path: file.path, group: index, leaf: parquet.schema.leaves[0], page: nil) {
                try ParquetColumnCursor(leaf: parquet.schema.leaves[0], chunk: group.columns[0], file: file,
                                        footerStart: parquet.footerStart, padding: parquet.chunkPadding, paged: false)
            }
            try ParquetRecordReader.wrap(path: file.path, group: index, leaf: parquet.schema.leaves[0], page: { cursor.currentPage }) {
                try cursor.readAll()
            }
            parquet = parquet.withRowCount(cursor.rowCount, ofGroup: index)
        }
        self.parquet = parquet
    }

    // MARK: RecordReader

    var rowCount: Int { parquet.rowCount }

    var progress: IndexProgress {
        IndexProgress(bytesDone: file.sizeAtOpen, bytesTotal: file.sizeAtOpen, rows: rowCount, isComplete: true)
    }

    /// The top-level field names, when every field is a column of its own in the table (no struct to flatten).
    var declaredColumns: [String] {
        let structs = parquet.schema.fields.contains { !$0.children.isEmpty && $0.element.logical != .list
            && $0.element.logical != .map && $0.element.repetition != .repeated }
        return structs ? [] : parquet.schema.fields.map(\.name)
    }

    var indexBytesPerRow: Double { 0 }
    func waitForRows(_ rows: Int, timeout: Double) -> Int { rowCount }
    func waitUntilIndexed(timeout: Double) -> IndexProgress { progress }
    func cancelIndexing() {}

    func checkFile() -> DatasetError? {
        let now = DispatchTime.now().uptimeNanoseconds
        return fileCheck.withLock { state in
            if state.problem == nil && now &- state.lastCheck >= 100_000_000 {
                state.lastCheck = now
                state.problem = file.checkStillPresent()
            }
            return state.problem
        }
    }

    func record(at row: Int, maxBytes: Int?) throws -> Record {
        let (group, offset) = try locate(row)
        if let problem = checkFile() { throw problem }
        var truncated = false
        var members: [JSONMember] = []
        members.reserveCapacity(parquet.schema.fields.count)
        for (index, field) in parquet.schema.fields.enumerated() {
            members.append(JSONMember(field.name, try fieldValue(index, group: group, offset: offset, maxBytes: maxBytes,
                                                                 truncated: &truncated)))
        }
        let value = JSONValue.object(members)
        return Record(row: row, line: row + 1, byteCount: ParquetRecordReader.size(of: value), isTruncated: truncated,
                      content: .value(value))
    }

    func cell(at row: Int, path: [String]) throws -> CellLookup {
        guard let first = path.first else { return .missing }
        let (group, offset) = try locate(row)
        guard let index = parquet.schema.fields.firstIndex(where: { $0.name == first }) else { return .missing }
        var truncated = false
        let value = try fieldValue(index, group: group, offset: offset, maxBytes: nil, truncated: &truncated)
        guard let found = JSONValue.object([JSONMember(first, value)]).value(atPath: path) else { return .missing }
        return .value(found)
    }

    // MARK: Scans

    /// Decodes every page of one leaf column across all row groups, calling `body` with each row group's values
    /// (then dropped: a scan holds one chunk at a time). For benchmarks and whole-column passes.
    func scanColumn(_ leafIndex: Int, _ body: (ParquetColumnValues) throws -> Void) throws {
        let leaf = parquet.schema.leaves[leafIndex]
        for (group, meta) in parquet.metadata.rowGroups.enumerated() {
            let cursor = try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: nil) {
                try ParquetColumnCursor(leaf: leaf, chunk: meta.columns[leafIndex], file: file, footerStart: parquet.footerStart,
                                        padding: parquet.chunkPadding, paged: false)
            }
            try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: { cursor.currentPage }) { try cursor.readAll() }
            try body(cursor.values)
        }
    }

    // MARK: Copying stored values

    /// Columns holding the stored values of `rows`, in this file's schema, for writing them to a new file; nil when
    /// the schema is not flat (nested columns are written from their JSON values instead).
    func writeColumns(rows: [Int]) throws -> [ParquetWriteColumn]? {
        let fields = parquet.schema.fields
        guard fields.allSatisfy({ $0.isLeaf && $0.element.repetition != .repeated }) else { return nil }
        var columns = parquet.schema.leaves.map { leaf in
            ParquetWriteColumn(name: leaf.element.name, type: leaf.type, typeLength: leaf.element.typeLength,
                               logical: leaf.element.logical, isOptional: leaf.element.repetition == .optional)
        }
        for row in rows {
            let (group, offset) = try locate(row)
            for (leafIndex, leaf) in parquet.schema.leaves.enumerated() {
                let declaredRows = parquet.rowGroupStarts[group + 1] - parquet.rowGroupStarts[group]
                try cache.withLock { cache in
                    let cursor = try cursorLocked(&cache, group: group, leafIndex: leafIndex)
                    let slice = try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: { cursor.currentPage }) {
                        try cursor.slice(ofRow: offset, declaredRows: declaredRows)
                    }
                    let index = slice.valueIndex(of: slice.levels.lowerBound)
                    if columns[leafIndex].isOptional { columns[leafIndex].present.append(index != nil) }
                    if let index { columns[leafIndex].values.append(slice.values, at: index) }
                    evictLocked(&cache)
                }
            }
        }
        return columns
    }

    // MARK: Building rows

    private func locate(_ row: Int) throws -> (Int, Int) {
        guard let place = parquet.locate(row) else {
            throw DatasetError(.rowOutOfRange, path: path, location: "row \(row + 1)",
                               problem: "the file has \(rowCount) rows", remedy: "Pick a row within the file.")
        }
        return place
    }

    private func fieldValue(_ fieldIndex: Int, group: Int, offset: Int, maxBytes: Int?, truncated: inout Bool) throws -> JSONValue {
        let field = parquet.schema.fields[fieldIndex]
        let leaves = fieldLeaves[fieldIndex]
        let declaredRows = parquet.rowGroupStarts[group + 1] - parquet.rowGroupStarts[group]
        return try cache.withLock { cache -> JSONValue in
            var raw: ParquetRawNode?
            var flat: JSONValue?
            for leafIndex in leaves {
                let leaf = parquet.schema.leaves[leafIndex]
                let cursor = try cursorLocked(&cache, group: group, leafIndex: leafIndex)
                let slice = try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: { cursor.currentPage }) {
                    try cursor.slice(ofRow: offset, declaredRows: declaredRows)
                }
                if leaves.count == 1 && leaf.chain.count == 1 && leaf.maxRepetitionLevel == 0 {
                    // A plain column: no assembly.
                    guard let index = slice.valueIndex(of: slice.levels.lowerBound) else { flat = .null; break }
                    if let maxBytes, leaf.type == .byteArray || leaf.type == .fixedLenByteArray,
                       slice.values.offsets[index + 1] - slice.values.offsets[index] > maxBytes {
                        truncated = true
                    }
                    flat = ParquetValueFormatter.json(slice.values, at: index, leaf: leaf, maxBytes: maxBytes)
                    break
                }
                let piece = ParquetRecordAssembler.raw(leaf: leaf, slice: slice, maxBytes: maxBytes)
                if let previous = raw {
                    raw = try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: nil) {
                        try ParquetRawNode.merge(previous, piece)
                    }
                } else {
                    raw = piece
                }
            }
            evictLocked(&cache)
            if let flat { return flat }
            return ParquetRecordAssembler.json(raw ?? .null, node: field)
        }
    }

    private func cursorLocked(_ cache: inout Cache, group: Int, leafIndex: Int) throws -> ParquetColumnCursor {
        let key = Key(group: group, leaf: leafIndex)
        cache.clock += 1
        cache.lastUse[key] = cache.clock
        if let cursor = cache.cursors[key] { return cursor }
        let leaf = parquet.schema.leaves[leafIndex]
        let chunk = parquet.metadata.rowGroups[group].columns[leafIndex]
        let cursor = try ParquetRecordReader.wrap(path: path, group: group, leaf: leaf, page: nil) {
            try ParquetColumnCursor(leaf: leaf, chunk: chunk, file: file, footerStart: parquet.footerStart,
                                        padding: parquet.chunkPadding)
        }
        cache.cursors[key] = cursor
        return cursor
    }

    /// Drops least recently used chunks until the cache fits its budget (keeping the most recent ones).
    private func evictLocked(_ cache: inout Cache) {
        var total = cache.cursors.values.reduce(0) { $0 + $1.byteCount }
        guard total > memoryBudget else { return }
        let order = cache.lastUse.sorted { $0.value < $1.value }.map(\.key)
        for key in order.dropLast(parquet.schema.leaves.count) where total > memoryBudget {
            total -= cache.cursors[key]?.byteCount ?? 0
            cache.cursors[key] = nil
            cache.lastUse[key] = nil
        }
    }

    /// Runs `body`, turning a decoding problem into a `DatasetError` that names the row group, column and page.
    @discardableResult
    static func wrap<T>(path: String, group: Int, leaf: ParquetLeafColumn, page: (() -> Int)?,
                        _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ParquetDecodeError {
            var location = "row group \(group), column '\(leaf.dottedPath)'"
            if let page { location += ", page \(page())" }
            throw DatasetError(.corrupt, path: path, location: location, problem: error.problem,
                               remedy: "The file is damaged or uses a feature Loom does not read; the other rows stay readable.")
        }
    }

    /// About how many bytes the value takes as JSON (for the record's size), without formatting it.
    static func size(of value: JSONValue) -> Int {
        switch value {
        case .null: return 4
        case .bool: return 5
        case .number(let text): return text.utf8.count
        case .string(let text): return text.utf8.count + 2
        case .array(let items): return items.reduce(2) { $0 + size(of: $1) + 1 }
        case .object(let members): return members.reduce(2) { $0 + $1.key.utf8.count + 4 + size(of: $1.value) }
        }
    }
}
