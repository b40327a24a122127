import Foundation
import Testing
@testable import Datasets

/// Inputs that Scripts/fuzz/run.sh's parquet target crashed on, replayed through the reader.
@Suite struct ParquetFuzzRegressionTests {
    /// ARROW-RS-GH-6229-DICTHEADER.parquet with one byte changed: the column chunk of `nation_key` declares 24 values
    /// while its data page holds 25. The first row read throws; the second used to trap (index out of range) because
    /// the failed page had been counted but not listed. Every row must now be an error, never a crash.
    static let chunkDeclaresFewerValues =
        "UEFSMRUAFdQBFdQBLBQyFQAVBhUIAAACAAAAMgEAAAAAAQAAAAIAAAADAAAABAAAAAUA//wGAAAABwAAAAgAAAAJAAAACgAAAAsA"
        + "AAAMAAACDQAAAA4AAAAPAAAAEAAAABEAAAASAAAAEwAAABQAAAAVAAAAFgAAABcAAAAYAAAAFQQVqgQVqgRMFTMVBAAABwAAAEFM"
        + "R0VSSUEJAAAAQVJHRU5USU5BBgAAAgAAAGi02zVbAAAAGBgEARAMAArMkwMAAAACAAAAaLTbNVsAAAAAGSwVBBUEFQIAFQAVBBUC"
        + "AAAAFQQVABUCTBUAFQQAAAAVABUMFRAsFQIVABUGFQYAAAYUAgAAAAIAJqYXFQIWAhZIFk4m9BYm2BYcNgIAGSwVFQIZXEgBbRUI"
        + "ABUCJQIYCm5hdGlvbl9rZXkAFQwlAhgEbmFtZQAVAiUCGApyZWdpb25fa2V5ABUMJQIYC2NvbW1lbnRfY29sABYyGRwZTCYIHBUC"
        + "GQUZGApuYXRpb25fa2V5FQAWMBb6ARb6ASYIAAAmggIcFQwZBRkYBG5hbWUVABYyFoQFFoQFJoICAAAmpAccFQIZBRkYCnJlZ2lv"
        + "bl9rZXkVABYyFvoBFvoBJqQHAAAmngkcFQwZBRkYC2NvbW1lbnRfY29sFQAWMhakHxakHyaeCQAAFgAWMgAoCnBhcnF1ZXQtbXIA"
        + "6gAAAFBBUjE="

    @Test func aColumnChunkThatDeclaresFewerValuesThanItsPageIsAnErrorOnEveryRow() throws {
        let folder = try TestFolder()
        let bytes = try #require(Data(base64Encoded: Self.chunkDeclaresFewerValues))
        try folder.write("fuzz.parquet", bytes: Array(bytes))
        let dataset = try folder.open("fuzz.parquet")
        #expect(dataset.rowCount == 25)
        for row in 0..<dataset.rowCount {
            for maxBytes in [nil, 64] as [Int?] {
                #expect(throws: DatasetError.self, "row \(row + 1)") { try dataset.record(at: row, maxBytes: maxBytes) }
            }
        }
        do {
            _ = try dataset.record(at: 3)
        } catch let error as DatasetError {
            #expect(error.kind == .corrupt, "\(error)")
        }
    }
}
