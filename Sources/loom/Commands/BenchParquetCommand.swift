import ArgumentParser
import Datasets
import Foundation

/// `loom bench parquet FILE`: decoding speed of one column (all pages, every row group, one thread) beside pyarrow's
/// `read_table(columns=[…], use_threads=False)` on the same file in the same run, as decoded MB/s (string bytes for
/// text columns, value widths for numbers); and the first screen: opening the file and building the table's first
/// rows, as the workbench does.
struct BenchParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Measure Parquet column decoding against pyarrow (single-threaded) and the first screen."
    )

    @Argument(help: "A Parquet file (e.g. one written by Scripts/make_fineweb_parquet.py).")
    var file: String

    @Option(name: .long, help: "The column to scan.")
    var column: String = "text"

    @Option(name: .long, help: "Timed repetitions; the best is reported.")
    var repeats: Int = 3

    @Option(name: .long, help: "Rows on the first screen.")
    var screenRows: Int = 50

    @Flag(name: .long, help: "Skip the pyarrow anchor.")
    var skipPyarrow = false

    func run() throws {
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        print(String(format: "file %@: %.1f MB on disk", file, size / 1_048_576))

        // First screen: open, read the first rows' previews, infer the columns.
        let start = DispatchTime.now()
        let dataset = try Dataset.open(path: file)
        var records: [Record] = []
        for row in 0..<min(screenRows, dataset.rowCount) { records.append(try dataset.record(at: row, maxBytes: 4096)) }
        let schema = ColumnSchema.infer(from: records, declared: dataset.declaredColumns)
        let firstScreen = seconds(since: start) * 1000
        print(String(format: "first screen: %.1f ms (%d rows, %d columns of %d rows)", firstScreen, records.count,
                     schema.columns.count, dataset.rowCount))

        var best = Double.infinity
        var result = ParquetScan.Result()
        for _ in 0..<max(1, repeats) {
            let begin = DispatchTime.now()
            result = try ParquetScan.scan(path: file, column: column)
            best = min(best, seconds(since: begin))
        }
        let loomRate = Double(result.decodedBytes) / 1_048_576 / best
        print(String(format: "loom: %d values, %.1f MB decoded in %.3f s", result.values,
                     Double(result.decodedBytes) / 1_048_576, best))
        guard !skipPyarrow, let anchor = pyarrowScan() else {
            print(String(format: "parquet scan %@: loom %.0f MB/s · pyarrow not run (pip install pyarrow)", column, loomRate))
            return
        }
        let anchorRate = anchor.bytes / 1_048_576 / anchor.seconds
        print(String(format: "pyarrow: %.1f MB decoded in %.3f s", anchor.bytes / 1_048_576, anchor.seconds))
        if Int(anchor.bytes) != result.decodedBytes {
            print("note: pyarrow decoded \(Int(anchor.bytes)) bytes, loom \(result.decodedBytes)")
        }
        print(String(format: "parquet scan %@: loom %.0f MB/s · pyarrow %.0f MB/s · ×%.2f", column, loomRate, anchorRate,
                     loomRate / anchorRate))
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// pyarrow's best time over `repeats` reads of the column, single-threaded, and the bytes it decoded.
    private func pyarrowScan() -> (bytes: Double, seconds: Double)? {
        let script = """
        import sys, time
        import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
        path, column, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
        best = float('inf')
        for _ in range(repeats):
            t0 = time.perf_counter()
            table = pq.read_table(path, columns=[column], use_threads=False)
            best = min(best, time.perf_counter() - t0)
        data = table.column(0)
        if pa.types.is_string(data.type) or pa.types.is_binary(data.type) or pa.types.is_large_string(data.type):
            size = sum((pc.sum(pc.binary_length(chunk)).as_py() or 0) for chunk in data.chunks)
        else:
            size = (len(data) - data.null_count) * data.type.byte_width
        print(size, best)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file, column, String(max(1, repeats))]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: output, as: UTF8.self).split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard process.terminationStatus == 0, fields.count == 2 else { return nil }
        return (fields[0], fields[1])
    }
}
