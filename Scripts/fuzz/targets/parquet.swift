// libFuzzer target: Parquet files as Datasets reads them (footer, Thrift metadata, schema, row groups, page headers,
// encodings, codecs, level decoding and record assembly): the input is written to a file, opened as a dataset, and
// its first rows read whole, as previews and cell by cell. Built by Scripts/fuzz/run.sh against the Datasets library.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Datasets

private let path = "/dev/shm/loom-fuzz-\(getpid()).parquet"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquet(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    guard let dataset = try? Dataset.open(path: path) else { return 0 }
    let schema = dataset.inferSchema(sampleRows: 8, maxBytes: 256)
    for row in 0..<min(dataset.rowCount, 8) {
        _ = try? dataset.record(at: row)
        _ = try? dataset.record(at: row, maxBytes: 64)
        for column in schema.columns.prefix(8) { _ = try? dataset.cell(at: row, column: column) }
    }
    if dataset.rowCount > 8 { _ = try? dataset.record(at: dataset.rowCount - 1) }
    return 0
}
