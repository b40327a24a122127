/// One column chunk of one row group, decoded only as far as rows are asked for. Columns that do not repeat are read
/// by page: the page headers are walked (a small read each) to find the page holding a row, and only that page is
/// decompressed and decoded — a jump to the last row of a gigabyte chunk costs one page, and at most
/// `pageCacheBytes` of decoded pages are kept. Repeated columns (whose v1 pages do not say how many rows they hold)
/// and full scans decode pages in order and keep everything decoded. Not thread-safe: the reader uses it under its
/// lock.
final class ParquetColumnCursor {
    let leaf: ParquetLeafColumn
    let chunk: ParquetColumnChunkMeta
    let codec: ParquetCodec
    private let file: DatasetFile
    private var nextPage: UInt64
    private let chunkEnd: UInt64
    /// Pages walked so far (0-based numbers, counting the dictionary page).
    private var pageNumber = 0
    /// The page being read or decoded, for error messages.
    private(set) var currentPage = 0
    private var dictionary: ParquetColumnValues?
    /// Level entries of the data pages found so far (their headers' value counts).
    private var entriesFound: Int64 = 0
    private(set) var isFinished = false

    // Sequential mode: everything decoded, in order.
    private(set) var values: ParquetColumnValues
    private var definitionLevels: [UInt8] = []
    private var repetitionLevels: [UInt8] = []
    private var valueIndex: [Int32] = []
    private var levelCount = 0
    private var rowStarts: [Int] = []

    // Paged mode: a directory of data pages and the decoded ones.
    private struct PageLocation {
        var offset: UInt64
        var number: Int
        var firstRow: Int
        var rows: Int
    }

    private struct DecodedPage {
        var values: ParquetColumnValues
        var definitionLevels: [UInt8]
        var valueIndex: [Int32]
        var lastUse: UInt64

        var byteCount: Int { values.byteCount + definitionLevels.capacity + valueIndex.capacity * 4 }
    }

    private let isPaged: Bool
    private var pages: [PageLocation] = []
    private var decoded: [Int: DecodedPage] = [:]
    /// Bytes of `decoded`, kept as pages come and go.
    private var decodedBytes = 0
    private var clock: UInt64 = 0
    static let pageCacheBytes = 64 << 20

    /// `padding`: bytes the chunk may run past its declared size (old parquet-mr wrote sizes that miss the
    /// dictionary page header; see `ParquetFile.chunkPadding`). `paged`: read by page where the column allows it.
    init(leaf: ParquetLeafColumn, chunk: ParquetColumnChunkMeta, file: DatasetFile, footerStart: UInt64,
         padding: UInt64 = 0, paged: Bool = true) throws {
        self.leaf = leaf
        self.chunk = chunk
        self.file = file
        guard let codec = ParquetCodec(rawValue: chunk.codecRaw) else {
            throw ParquetDecodeError("unknown compression codec \(chunk.codecRaw)")
        }
        self.codec = codec
        guard chunk.filePath == nil else {
            throw ParquetDecodeError("the column chunk lives in another file (\(chunk.filePath ?? "")), which is not read")
        }
        guard chunk.type == nil || chunk.type == leaf.type else {
            throw ParquetDecodeError("the column chunk says \(chunk.type?.name ?? "?"), the schema says \(leaf.type.name)")
        }
        let start = chunk.firstPageOffset
        guard start >= 4, UInt64(start) < footerStart, chunk.totalCompressedSize >= 0 else {
            throw ParquetDecodeError("the column chunk starts at byte \(start), outside the file's data")
        }
        nextPage = UInt64(start)
        chunkEnd = min(footerStart, UInt64(start) &+ UInt64(chunk.totalCompressedSize) &+ padding)
        guard chunk.valueCount >= 0 else { throw ParquetDecodeError("negative value count \(chunk.valueCount)") }
        values = ParquetColumnValues(type: leaf.type)
        isPaged = paged && leaf.maxRepetitionLevel == 0
        if chunk.valueCount == 0 { isFinished = true }
    }

    /// Rows known so far: complete rows decoded (sequential mode), or rows of the pages found (paged mode).
    var rowCount: Int {
        if isPaged { return Int(entriesFound) }
        guard leaf.maxRepetitionLevel > 0 else { return levelCount }
        return isFinished ? rowStarts.count : max(0, rowStarts.count - 1)
    }

    /// Memory held (for the cache's budget).
    var byteCount: Int {
        values.byteCount + definitionLevels.capacity + repetitionLevels.capacity + valueIndex.capacity * 4
            + rowStarts.capacity * 8 + (dictionary?.byteCount ?? 0) + decodedBytes + pages.capacity * 32
    }

    /// The entries of row `row`, decoding what it takes; `declaredRows` is for the message when the chunk has fewer.
    func slice(ofRow row: Int, declaredRows: Int) throws -> ParquetLevelSlice {
        if isPaged { return try pagedSlice(row, declaredRows: declaredRows) }
        while rowCount <= row && !isFinished { try readPage() }
        guard rowCount > row else {
            throw ParquetDecodeError("the column has \(rowCount) rows, the row group declares \(declaredRows)")
        }
        let range: Range<Int>
        if leaf.maxRepetitionLevel > 0 {
            range = rowStarts[row]..<(row + 1 < rowStarts.count ? rowStarts[row + 1] : levelCount)
        } else {
            range = row..<(row + 1)
        }
        return ParquetLevelSlice(values: values, definitionLevels: definitionLevels, repetitionLevels: repetitionLevels,
                                 valueIndex: valueIndex, levels: range)
    }

    /// Decodes every page in order (a full scan), with the value buffer sized from the chunk's metadata up front.
    /// Only for a cursor made with `paged: false`.
    func readAll() throws {
        if leaf.type == .byteArray, levelCount == 0, chunk.totalUncompressedSize > 0 {
            values.data.reserveCapacity(Int(min(chunk.totalUncompressedSize, 4 << 30)))
        }
        while !isFinished { try readPage() }
    }

    // MARK: Sequential mode

    private func readPage() throws {
        guard let (header, body) = try nextPageBytes(readBody: true) else { return }
        if header.type == .dataPage || header.type == .dataPageV2 {
            let levels = try ParquetPageDecoder.decodeDataPage(header, body: body, leaf: leaf, codec: codec,
                                                               dictionary: dictionary, firstInChunk: levelCount == 0,
                                                               into: &values)
            if leaf.maxDefinitionLevel > 0 {
                definitionLevels.append(contentsOf: levels.definition)
                valueIndex.append(contentsOf: ParquetLevelSlice.valueIndexes(levels.definition, maximum: leaf.maxDefinitionLevel,
                                                                             firstValue: levels.firstValue))
            }
            if leaf.maxRepetitionLevel > 0 {
                repetitionLevels.append(contentsOf: levels.repetition)
                for (offset, level) in levels.repetition.enumerated() where level == 0 { rowStarts.append(levelCount + offset) }
            }
            levelCount += levels.count
        }
        pageNumber += 1
    }

    // MARK: Paged mode

    private func pagedSlice(_ row: Int, declaredRows: Int) throws -> ParquetLevelSlice {
        while Int(entriesFound) <= row && !isFinished {
            guard let (header, body) = try nextPageBytes(readBody: false) else { break }
            if header.type == .dataPage || header.type == .dataPageV2 {
                pages.append(PageLocation(offset: lastPageOffset, number: pageNumber, firstRow: Int(entriesFound) - Int(header.valueCount),
                                          rows: Int(header.valueCount)))
            }
            _ = body
            pageNumber += 1
        }
        guard row < Int(entriesFound) else {
            throw ParquetDecodeError("the column has \(entriesFound) rows, the row group declares \(declaredRows)")
        }
        var low = 0, high = pages.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if pages[middle].firstRow <= row { low = middle } else { high = middle }
        }
        guard !pages.isEmpty, row >= pages[low].firstRow, row - pages[low].firstRow < pages[low].rows else {
            throw ParquetDecodeError("no data page holds row \(row) of the column")
        }
        let page = try decodedPage(low)
        let entry = row - pages[low].firstRow
        return ParquetLevelSlice(values: page.values, definitionLevels: page.definitionLevels, repetitionLevels: [],
                                 valueIndex: page.valueIndex, levels: entry..<(entry + 1))
    }

    private func decodedPage(_ index: Int) throws -> DecodedPage {
        clock += 1
        if var page = decoded[index] {
            page.lastUse = clock
            decoded[index] = page
            return page
        }
        let location = pages[index]
        let saved = nextPage
        nextPage = location.offset
        currentPage = location.number
        defer { nextPage = saved }
        let (header, headerLength) = try readHeader()
        let body = try file.bytes(at: location.offset + UInt64(headerLength), count: Int(header.compressedSize))
        var pageValues = ParquetColumnValues(type: leaf.type)
        let levels = try ParquetPageDecoder.decodeDataPage(header, body: body, leaf: leaf, codec: codec, dictionary: dictionary,
                                                           firstInChunk: index == 0, into: &pageValues)
        let indexes = leaf.maxDefinitionLevel > 0
            ? ParquetLevelSlice.valueIndexes(levels.definition, maximum: leaf.maxDefinitionLevel, firstValue: 0) : []
        let page = DecodedPage(values: pageValues, definitionLevels: levels.definition, valueIndex: indexes, lastUse: clock)
        decoded[index] = page
        decodedBytes += page.byteCount
        if decodedBytes > ParquetColumnCursor.pageCacheBytes {
            for (key, old) in decoded.sorted(by: { $0.value.lastUse < $1.value.lastUse }) where key != index {
                decoded[key] = nil
                decodedBytes -= old.byteCount
                if decodedBytes <= ParquetColumnCursor.pageCacheBytes { break }
            }
        }
        return page
    }

    // MARK: Walking pages

    /// Where the last page returned by `nextPageBytes` starts.
    private var lastPageOffset: UInt64 = 0

    /// The next page's header and (when `readBody`, or for a dictionary page) its body; counts its entries and reads
    /// the dictionary. Nil when the chunk is finished.
    private func nextPageBytes(readBody: Bool) throws -> (ParquetPageHeader, [UInt8])? {
        if isFinished { return nil }
        guard nextPage < chunkEnd else {
            throw ParquetDecodeError("the column chunk ends after \(entriesFound) of its \(chunk.valueCount) values")
        }
        lastPageOffset = nextPage
        currentPage = pageNumber
        let (header, headerLength) = try readHeader()
        let bodyStart = nextPage + UInt64(headerLength)
        let compressedSize = Int(header.compressedSize)
        guard UInt64(compressedSize) <= chunkEnd - bodyStart else {
            throw ParquetDecodeError("the page's \(compressedSize) bytes run past the column chunk")
        }
        guard header.uncompressedSize <= 1 << 30 else {
            throw ParquetDecodeError("the page claims \(header.uncompressedSize) uncompressed bytes")
        }
        var body: [UInt8] = []
        switch header.type {
        case .dictionaryPage?:
            guard dictionary == nil else { throw ParquetDecodeError("a second dictionary page") }
            body = try file.bytes(at: bodyStart, count: compressedSize)
            dictionary = try ParquetPageDecoder.decodeDictionary(header, body: body, leaf: leaf, codec: codec)
        case .dataPage?, .dataPageV2?:
            guard header.hasTypeHeader else { throw ParquetDecodeError("a data page without its data page header") }
            guard header.valueCount <= Int32(ParquetPageDecoder.maxValuesPerPage) else {
                throw ParquetDecodeError("the page claims \(header.valueCount) values")
            }
            // Checked before it is counted: a throw must leave the cursor as it was (a paged cursor whose count ran
            // ahead of its page directory trapped on the next row asked for; found by the fuzzer).
            let total = entriesFound + Int64(header.valueCount)
            guard total <= chunk.valueCount else {
                throw ParquetDecodeError("the pages hold \(total) values, the column chunk declares \(chunk.valueCount)")
            }
            if readBody { body = try file.bytes(at: bodyStart, count: compressedSize) }
            entriesFound = total
        case .indexPage?:
            break
        case nil:
            throw ParquetDecodeError("unknown page type \(header.typeRaw)")
        }
        nextPage = bodyStart + UInt64(compressedSize)
        if entriesFound == chunk.valueCount { isFinished = true }
        return (header, body)
    }

    /// Reads the header at `nextPage`, widening the window when statistics make it long.
    private func readHeader() throws -> (ParquetPageHeader, Int) {
        var window = 1024
        while true {
            let available = Int(min(UInt64(window), chunkEnd - nextPage))
            let bytes = try file.bytes(at: nextPage, count: available)
            do {
                return try bytes.withUnsafeBytes { try ParquetPageHeader.decode($0) }
            } catch let error as ParquetDecodeError {
                if available < window || window >= 64 << 20 { throw ParquetDecodeError("page header: \(error.problem)") }
                window *= 8
            }
        }
    }
}
