/// Decodes single pages of a column chunk: a dictionary page into its values, a data page (v1 or v2) into its
/// levels and non-null values, for every encoding. Shared by the sequential and the paged column cursors.
enum ParquetPageDecoder {
    /// Pages claim at most this many values each: a corrupt header cannot make one page allocate gigabytes.
    static let maxValuesPerPage = 1 << 26

    static func decodeDictionary(_ header: ParquetPageHeader, body: [UInt8], leaf: ParquetLeafColumn,
                                 codec: ParquetCodec) throws -> ParquetColumnValues {
        let plain = try body.withUnsafeBytes {
            try ParquetDecompressor.decompress(codec, $0, uncompressedSize: Int(header.uncompressedSize))
        }
        var decoded = ParquetColumnValues(type: leaf.type)
        guard header.valueCount <= Int32(maxValuesPerPage) else {
            throw ParquetDecodeError("the dictionary claims \(header.valueCount) values")
        }
        try plain.withUnsafeBytes {
            try ParquetValueDecoding.plain($0, count: Int(header.valueCount), typeLength: Int(leaf.element.typeLength),
                                           into: &decoded)
        }
        return decoded
    }

    /// Decodes a data page: appends its non-null values to `values` and returns its levels. `firstInChunk`: the
    /// chunk's first data page, whose first repetition level must be 0.
    static func decodeDataPage(_ header: ParquetPageHeader, body: [UInt8], leaf: ParquetLeafColumn, codec: ParquetCodec,
                               dictionary: ParquetColumnValues?, firstInChunk: Bool,
                               into values: inout ParquetColumnValues) throws -> ParquetPageLevels {
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
        if maxRepetition > 0, firstInChunk, let first = repetition.first, first != 0 {
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
        return ParquetPageLevels(definition: definition, repetition: repetition, count: count, firstValue: before)
    }

    /// Levels of a v1 page: RLE with a 4-byte length in front, or the old BIT_PACKED; returns the bytes used.
    private static func levelsV1(_ bytes: UnsafeRawBufferPointer, encoding: Int32, maximum: Int, count: Int,
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

    private static func levelsV2(_ bytes: UnsafeRawBufferPointer, maximum: Int, count: Int, into levels: inout [UInt8],
                          what: String) throws {
        do {
            try RLEBitPackedDecoder.decode(bytes, bitWidth: RLEBitPackedDecoder.bitWidth(forMaximum: maximum), count: count,
                                           into: &levels)
            try checkLevels(levels, maximum: maximum, what: what)
        } catch let error as ParquetDecodeError {
            throw ParquetDecodeError("\(what) levels: \(error.problem)")
        }
    }

    private static func checkLevels(_ levels: [UInt8], maximum: Int, what: String) throws {
        let top = UInt8(maximum)
        if let bad = levels.first(where: { $0 > top }) {
            throw ParquetDecodeError("a \(what) level of \(bad) exceeds the column's maximum \(maximum)")
        }
    }
}
