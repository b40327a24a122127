import Foundation
import Testing
@testable import Datasets

/// The Parquet reader's building blocks on hand-made bytes (no shared data needed).
@Suite struct ParquetDecodingTests {
    @Test func snappyDecodesLiteralsAndOverlappingCopies() throws {
        // "abc" then a copy of 6 bytes from 3 back: "abcabcabc".
        let block: [UInt8] = [9, 0x08, 0x61, 0x62, 0x63, 0x09, 0x03]
        var output = [UInt8](repeating: 0, count: 9)
        try block.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try SnappyDecoder.decompress(input, into: $0) }
        }
        #expect(String(decoding: output, as: UTF8.self) == "abcabcabc")
        // A copy reaching before the start of the output is an error, not a read out of bounds.
        let bad: [UInt8] = [9, 0x08, 0x61, 0x62, 0x63, 0x09, 0x04]
        #expect(throws: ParquetDecodeError.self) {
            try bad.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try SnappyDecoder.decompress(input, into: $0) }
            }
        }
    }

    @Test func lz4DecodesASequenceAndRefusesBadOffsets() throws {
        // Token: 3 literals, match length 4+2; literals "xyz", offset 3; then a last literal "!".
        let block: [UInt8] = [0x32, 0x78, 0x79, 0x7A, 0x03, 0x00, 0x10, 0x21]
        var output = [UInt8](repeating: 0, count: 10)
        let produced = try block.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try LZ4BlockDecoder.decompress(input, into: $0) }
        }
        #expect(produced == 10)
        #expect(String(decoding: output, as: UTF8.self) == "xyzxyzxyz!")
        let bad: [UInt8] = [0x32, 0x78, 0x79, 0x7A, 0x09, 0x00, 0x10, 0x21]
        #expect(throws: ParquetDecodeError.self) {
            try bad.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try LZ4BlockDecoder.decompress(input, into: $0) }
            }
        }
    }

    @Test func rleHybridMixesRunsAndBitPacking() throws {
        // RLE run of 3 × 5 (bit width 3), then one bit-packed group of 8 values 0…7.
        let bytes: [UInt8] = [0x06, 0x05, 0x03, 0x88, 0xC6, 0xFA]
        var values: [UInt32] = []
        try bytes.withUnsafeBytes { _ = try RLEBitPackedDecoder.decode($0, bitWidth: 3, count: 11, into: &values) }
        #expect(values == [5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7])
        // Asking for more values than the data holds is the "fewer levels than values" error.
        var more: [UInt32] = []
        #expect(throws: ParquetDecodeError.self) {
            try bytes.withUnsafeBytes { _ = try RLEBitPackedDecoder.decode($0, bitWidth: 3, count: 12, into: &more) }
        }
        var wide: [UInt32] = []
        #expect(throws: ParquetDecodeError.self) {
            try bytes.withUnsafeBytes { _ = try RLEBitPackedDecoder.decode($0, bitWidth: 254, count: 1, into: &wide) }
        }
    }

    @Test func deltaBinaryPackedFollowsTheSpecExample() throws {
        // 1, 2, 3, 4, 5: block 128, 4 miniblocks, 5 values, first 1; min delta 1, all bit widths 0.
        let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0]
        let (values, length) = try bytes.withUnsafeBytes { try DeltaBinaryPackedDecoder.decode($0, expected: 5) }
        #expect(values == [1, 2, 3, 4, 5])
        #expect(length == bytes.count)
        #expect(throws: ParquetDecodeError.self) {
            try bytes.withUnsafeBytes { _ = try DeltaBinaryPackedDecoder.decode($0, expected: 6) }
        }
    }

    @Test func thriftReaderRejectsListsLargerThanTheirBytes() throws {
        // Field 2 of FileMetaData (list of structs) claiming 1000 elements in 3 bytes.
        let bytes: [UInt8] = [0x29, 0xFC, 0xE8, 0x07, 0x00]
        #expect(throws: ParquetDecodeError.self) {
            try bytes.withUnsafeBytes { _ = try ParquetFileMetadata.decode($0) }
        }
        // Deeply nested structs stop at the depth limit instead of recursing without end.
        let nested = [0xFC] + [UInt8](repeating: 0x1C, count: 200)
        #expect(throws: ParquetDecodeError.self) {
            try nested.withUnsafeBytes { _ = try ParquetFileMetadata.decode($0) }
        }
    }

    @Test func valuesFormatAsPyarrowShowsThem() {
        #expect(ParquetValueFormatter.decimal(unscaled: "1234", scale: 3) == "1.234")
        #expect(ParquetValueFormatter.decimal(unscaled: "-5", scale: 2) == "-0.05")
        #expect(ParquetValueFormatter.decimal(unscaled: "12", scale: -2) == "1200")
        let minusOne: [UInt8] = [0xFF, 0xFF]
        #expect(minusOne.withUnsafeBytes { ParquetValueFormatter.bigEndianSigned($0) } == "-1")
        let big: [UInt8] = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        #expect(big.withUnsafeBytes { ParquetValueFormatter.bigEndianSigned($0) } == "18446744073709551616")
        #expect(ParquetValueFormatter.date(days: 0) == "1970-01-01")
        #expect(ParquetValueFormatter.date(days: 19_358) == "2023-01-01")
        #expect(ParquetValueFormatter.date(days: -1) == "1969-12-31")
        #expect(ParquetValueFormatter.timestamp(1_500, unit: .millis, utc: true) == "1970-01-01T00:00:01.500Z")
        #expect(ParquetValueFormatter.timestamp(-1, unit: .micros, utc: false) == "1969-12-31T23:59:59.999999")
        #expect(ParquetValueFormatter.time(3_723_000, unit: .millis) == "01:02:03")
        let binary: [UInt8] = [0xFF, 0x00, 0x41]
        #expect(binary.withUnsafeBytes { ParquetValueFormatter.text($0, maxBytes: nil) } == .string("base64:/wBB"))
        #expect(ParquetValueFormatter.half(0x3C00) == 1)
        #expect(ParquetValueFormatter.half(0xC000) == -2)
        #expect(ParquetValueFormatter.number(.nan, float: nil) == .string("NaN"))
    }
}
