// libFuzzer target: CSV/TSV, as Datasets reads them: the row scanner that indexes a file (DelimitedScanner, fed in
// two buffers split where the input's first byte says, since its state crosses buffers) and the field splitter that
// turns a row into a record (DelimitedRow), whole and as a preview with long fields cut. Built by
// Scripts/fuzz/run.sh against the Datasets library. Invariants checked (a failed check is a crash): row ends
// increase and lie inside the input.
@testable import Datasets

/// One batch reused across runs: a fresh `RowBatch` reserves room for 65,536 rows, which costs more than scanning
/// a small input (about 900 runs/s instead of tens of thousands).
nonisolated(unsafe) var batch = RowBatch()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let split = size > 0 ? Int(bytes[0]) % (size + 1) : 0
    for delimiter in [UInt8(ascii: ","), 0x09] {
        var scanner = DelimitedScanner(delimiter: delimiter, start: 0)
        batch.ends.removeAll(keepingCapacity: true)
        batch.anchors.removeAll(keepingCapacity: true)
        (batch.nextRow, batch.predictedLine) = (0, 1)
        scanner.scan(UnsafeRawBufferPointer(rebasing: bytes[0..<split]), at: 0, into: &batch)
        scanner.scan(UnsafeRawBufferPointer(rebasing: bytes[split..<size]), at: UInt64(split), into: &batch)
        scanner.finish(at: UInt64(size), into: &batch)
        var previous = scanner.dataStart ?? 0
        precondition(previous <= UInt64(size), "header ends past the input")
        for (index, end) in batch.ends.enumerated() {
            precondition(end > previous && end <= UInt64(size), "row end \(end) after \(previous) in \(size) bytes")
            // Rows are decoded as the table reads them: in full, and as a preview with long fields cut. The first
            // rows only: decoding hundreds of rows per input would cut the runs per second tenfold for no new paths.
            if index < 16 {
                let row = UnsafeRawBufferPointer(rebasing: bytes[Int(previous)..<Int(end)])
                _ = DelimitedRow.decode(row, delimiter: delimiter, header: ["a", "b"], cut: false)
                _ = DelimitedRow.decode(row, delimiter: delimiter, header: [], cut: true, maxFieldBytes: 16)
            }
            previous = end
        }
        let header = DelimitedRow.parseFields(bytes, delimiter: delimiter).fields
        _ = DelimitedRow.uniqueNames(header)
    }
    return 0
}
