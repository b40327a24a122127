/// One column chunk of one row group, decoded page by page as far as rows are asked for: the first screen of a
/// huge row group costs its first pages, not the chunk. Holds the levels, the non-null values and, per level, the
/// index of its value. Not thread-safe: the reader uses it under its lock.
final class ParquetColumnCursor {
    let leaf: ParquetLeafColumn
    let chunk: ParquetColumnChunkMeta
    let codec: ParquetCodec
    private let file: DatasetFile
    private var nextPage: UInt64
    private let chunkEnd: UInt64
    /// The page being read (0-based), for error messages.
    private(set) var pageNumber = 0
    private var dictionary: ParquetColumnValues?

    private(set) var values: ParquetColumnValues
    /// One per level entry when the column has definition levels (else empty: every entry is a value).
    private(set) var definitionLevels: [UInt8] = []
    /// One per level entry when the column repeats (else empty).
    private(set) var repetitionLevels: [UInt8] = []
    /// Per level entry, the index of its value in `values`, or -1 (only for columns with definition levels).
    private(set) var valueIndex: [Int32] = []
    /// Level entries decoded so far.
    private(set) var levelCount = 0
    /// Where each row starts among the level entries (only for repeated columns).
    private(set) var rowStarts: [Int] = []
    private(set) var isFinished = false

    /// Pages claim at most this many values each: a corrupt header cannot make one page allocate gigabytes.
    static let maxValuesPerPage = 1 << 26

    /// `padding`: bytes the chunk may run past its declared size (old parquet-mr wrote sizes that miss the
    /// dictionary page header; see `ParquetFile.chunkPadding`).
    init(leaf: ParquetLeafColumn, chunk: ParquetColumnChunkMeta, file: DatasetFile, footerStart: UInt64,
         padding: UInt64 = 0) throws {
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
        if chunk.valueCount == 0 { isFinished = true }
    }

    /// Complete rows decoded so far (a repeated column's last row is complete only once the next starts or the
    /// chunk ends).
    var rowCount: Int {
        guard leaf.maxRepetitionLevel > 0 else { return levelCount }
        return isFinished ? rowStarts.count : max(0, rowStarts.count - 1)
    }

    /// Memory held (for the cache's budget).
    var byteCount: Int {
        values.byteCount + definitionLevels.capacity + repetitionLevels.capacity + valueIndex.capacity * 4
            + rowStarts.capacity * 8 + (dictionary?.byteCount ?? 0)
    }

    /// The level entries of row `row` (which must be decoded).
    func levelRange(ofRow row: Int) -> Range<Int> {
        guard leaf.maxRepetitionLevel > 0 else { return row..<(row + 1) }
        let end = row + 1 < rowStarts.count ? rowStarts[row + 1] : levelCount
        return rowStarts[row]..<end
    }

    /// Decodes pages until `rows` rows are complete or the chunk ends.
    func ensureRows(_ rows: Int) throws {
        while rowCount < rows && !isFinished { try readPage() }
    }

    /// Decodes every page (a full scan), with the value buffer sized from the chunk's metadata up front.
    func readAll() throws {
        if leaf.type == .byteArray, levelCount == 0, chunk.totalUncompressedSize > 0 {
            values.data.reserveCapacity(Int(min(chunk.totalUncompressedSize, 4 << 30)))
        }
        while !isFinished { try readPage() }
    }

    /// Reads, decompresses and decodes the next page.
    private func readPage() throws {
        guard nextPage < chunkEnd else {
            throw ParquetDecodeError("the column chunk ends after \(levelCount) of its \(chunk.valueCount) values")
        }
        let (header, headerLength) = try readHeader()
        let bodyStart = nextPage + UInt64(headerLength)
        let compressedSize = Int(header.compressedSize)
        guard UInt64(compressedSize) <= chunkEnd - bodyStart else {
            throw ParquetDecodeError("the page's \(compressedSize) bytes run past the column chunk")
        }
        guard header.uncompressedSize <= 1 << 30 else {
            throw ParquetDecodeError("the page claims \(header.uncompressedSize) uncompressed bytes")
        }
        let body = try file.bytes(at: bodyStart, count: compressedSize)
        nextPage = bodyStart + UInt64(compressedSize)
        switch header.type {
        case .dictionaryPage?:
            guard dictionary == nil else { throw ParquetDecodeError("a second dictionary page") }
            let plain = try body.withUnsafeBytes {
                try ParquetDecompressor.decompress(codec, $0, uncompressedSize: Int(header.uncompressedSize))
            }
            var decoded = ParquetColumnValues(type: leaf.type)
            guard header.valueCount <= Int32(ParquetColumnCursor.maxValuesPerPage) else {
                throw ParquetDecodeError("the dictionary claims \(header.valueCount) values")
            }
            try plain.withUnsafeBytes {
                try ParquetValueDecoding.plain($0, count: Int(header.valueCount), typeLength: Int(leaf.element.typeLength),
                                               into: &decoded)
            }
            dictionary = decoded
        case .dataPage?, .dataPageV2?:
            guard header.hasTypeHeader else { throw ParquetDecodeError("a data page without its data page header") }
            guard header.valueCount <= Int32(ParquetColumnCursor.maxValuesPerPage) else {
                throw ParquetDecodeError("the page claims \(header.valueCount) values")
            }
            try decodeDataPage(header, body: body)
        case .indexPage?:
            break
        case nil:
            throw ParquetDecodeError("unknown page type \(header.typeRaw)")
        }
        pageNumber += 1
        if Int64(levelCount) >= chunk.valueCount {
            guard Int64(levelCount) == chunk.valueCount else {
                throw ParquetDecodeError("the pages hold \(levelCount) values, the column chunk declares \(chunk.valueCount)")
            }
            isFinished = true
        }
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

    // MARK: Data pages

    private func decodeDataPage(_ header: ParquetPageHeader, body: [UInt8]) throws {
        let count = Int(header.valueCount)
        let maxDefinition = leaf.maxDefinitionLevel
        let maxRepetition = leaf.maxRepetitionLevel
        var repetition: [UInt8] = []
        var definition: [UInt8] = []
        let page: [UInt8]
        let valuesStart: Int
        if header.type == .dataPage {
            page = try body.withUnsafeBytes {
                try ParquetDecompressor.decompress(codec, $0, uncompressedSize: Int(header.uncompressedSize))
            }
            var position = 0
            try page.withUnsafeBytes { bytes in
                if maxRepetition > 0 {
                    position += try levelsV1(UnsafeRawBufferPointer(rebasing: bytes[position...]),
                                             encoding: header.repetitionEncodingRaw, maximum: maxRepetition,
                                             count: count, into: &repetition, what: "repetition")
                }
                if maxDefinition > 0 {
                    position += try levelsV1(UnsafeRawBufferPointer(rebasing: bytes[position...]),
                                             encoding: header.definitionEncodingRaw, maximum: maxDefinition,
                                             count: count, into: &definition, what: "definition")
                }
            }
            valuesStart = position
        } else {
            let repetitionLength = Int(header.repetitionLevelsLength)
            let definitionLength = Int(header.definitionLevelsLength)
            guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
                  repetitionLength + definitionLength <= Int(header.uncompressedSize) else {
                throw ParquetDecodeError("the page's level lengths (\(repetitionLength), \(definitionLength)) exceed its size")
            }
            try body.withUnsafeBytes { bytes in
                if maxRepetition > 0 {
                    try levelsV2(UnsafeRawBufferPointer(rebasing: bytes[0..<repetitionLength]), maximum: maxRepetition,
                                 count: count, into: &repetition, what: "repetition")
                }
                if maxDefinition > 0 {
                    let range = repetitionLength..<(repetitionLength + definitionLength)
                    try levelsV2(UnsafeRawBufferPointer(rebasing: bytes[range]), maximum: maxDefinition, count: count,
                                 into: &definition, what: "definition")
                }
            }
            let levelBytes = repetitionLength + definitionLength
            let valuesSize = Int(header.uncompressedSize) - levelBytes
            if header.isCompressed && codec != .uncompressed {
                page = try body.withUnsafeBytes {
                    try ParquetDecompressor.decompress(codec, UnsafeRawBufferPointer(rebasing: $0[levelBytes...]),
                                                       uncompressedSize: valuesSize)
                }
            } else {
                guard body.count - levelBytes == valuesSize else {
                    throw ParquetDecodeError("the page holds \(body.count - levelBytes) value bytes, its header says \(valuesSize)")
                }
                page = Array(body[levelBytes...])
            }
            valuesStart = 0
        }
        if maxRepetition > 0, levelCount == 0, let first = repetition.first, first != 0 {
            throw ParquetDecodeError("the repetition level at the start of a row must be 0, not \(first)")
        }
        var nonNull = count
        if maxDefinition > 0 {
            nonNull = 0
            let top = UInt8(maxDefinition)
            for level in definition where level == top { nonNull += 1 }
        }
        guard let encoding = ParquetEncoding(rawValue: header.encodingRaw) else {
            throw ParquetDecodeError("unknown value encoding \(header.encodingRaw)")
        }
        let before = values.count
        try page.withUnsafeBytes { bytes in
            let valueBytes = UnsafeRawBufferPointer(rebasing: bytes[valuesStart...])
            switch encoding {
            case .plainDictionary, .rleDictionary:
                guard let dictionary else { throw ParquetDecodeError("a dictionary-encoded page but no dictionary page") }
                if nonNull == 0 { return }
                var cursor = ByteCursor(valueBytes)
                let width = Int(try cursor.byte())
                var indices: [UInt32] = []
                try RLEBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: valueBytes[1...]), bitWidth: width,
                                               count: nonNull, into: &indices)
                try values.append(from: dictionary, indices: indices)
            default:
                try ParquetValueDecoding.decode(encoding, bytes: valueBytes, count: nonNull,
                                                typeLength: Int(leaf.element.typeLength), into: &values)
            }
        }
        guard values.count - before == nonNull else {
            throw ParquetDecodeError("the page decoded \(values.count - before) values where its levels announce \(nonNull)")
        }
        if maxDefinition > 0 {
            definitionLevels.append(contentsOf: definition)
            let top = UInt8(maxDefinition)
            var next = Int32(before)
            valueIndex.reserveCapacity(valueIndex.count + count)
            for level in definition {
                if level == top {
                    valueIndex.append(next)
                    next += 1
                } else {
                    valueIndex.append(-1)
                }
            }
        }
        if maxRepetition > 0 {
            repetitionLevels.append(contentsOf: repetition)
            for (offset, level) in repetition.enumerated() where level == 0 { rowStarts.append(levelCount + offset) }
        }
        levelCount += count
    }

    /// Levels of a v1 page: RLE with a 4-byte length in front, or the old BIT_PACKED; returns the bytes used.
    private func levelsV1(_ bytes: UnsafeRawBufferPointer, encoding: Int32, maximum: Int, count: Int,
                          into levels: inout [UInt8], what: String) throws -> Int {
        let width = RLEBitPackedDecoder.bitWidth(forMaximum: maximum)
        do {
            switch encoding {
            case ParquetEncoding.rle.rawValue:
                var cursor = ByteCursor(bytes)
                let length = Int(try cursor.littleEndian(UInt32.self))
                let body = try cursor.bytes(length)
                try RLEBitPackedDecoder.decode(body, bitWidth: width, count: count, into: &levels)
                try checkLevels(levels, maximum: maximum, what: what)
                return 4 + length
            case ParquetEncoding.bitPacked.rawValue:
                let used = try RLEBitPackedDecoder.decodeLegacyBitPacked(bytes, bitWidth: width, count: count, into: &levels)
                try checkLevels(levels, maximum: maximum, what: what)
                return used
            default:
                throw ParquetDecodeError("\(ParquetEncoding.named(encoding)) is not a level encoding")
            }
        } catch let error as ParquetDecodeError {
            throw ParquetDecodeError("\(what) levels: \(error.problem)")
        }
    }

    private func levelsV2(_ bytes: UnsafeRawBufferPointer, maximum: Int, count: Int, into levels: inout [UInt8],
                          what: String) throws {
        do {
            try RLEBitPackedDecoder.decode(bytes, bitWidth: RLEBitPackedDecoder.bitWidth(forMaximum: maximum), count: count,
                                           into: &levels)
            try checkLevels(levels, maximum: maximum, what: what)
        } catch let error as ParquetDecodeError {
            throw ParquetDecodeError("\(what) levels: \(error.problem)")
        }
    }

    private func checkLevels(_ levels: [UInt8], maximum: Int, what: String) throws {
        let top = UInt8(maximum)
        if let bad = levels.first(where: { $0 > top }) {
            throw ParquetDecodeError("a \(what) level of \(bad) exceeds the column's maximum \(maximum)")
        }
    }
}
