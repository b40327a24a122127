import Foundation
import Testing
@testable import Datasets

/// Every readable file of the shared parquet-testing set (../shared/data/parquet) returns pyarrow's values, as
/// written by `Scripts/parquet_goldens.py` into Fixtures/parquet; every bad file gives a clear error naming where.
/// Skipped with a message when the shared data is absent.
@Suite struct ParquetConformanceTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parquet")

    static let shared: URL? = {
        let candidates = ["/work/shared/data/parquet",
                          FileManager.default.currentDirectoryPath + "/../shared/data/parquet",
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/../../../shared/data/parquet"]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/FILES.md") }
            .map { URL(fileURLWithPath: $0).standardizedFileURL }
    }()

    static var available: Bool { shared != nil }

    static let goldenNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: goldens.path)) ?? [])
        .filter { $0.hasSuffix(".jsonl") }.sorted()

    @Test func goldensArePresent() {
        #expect(Self.goldenNames.count >= 36)
    }

    @Test(.enabled(if: available, "../shared/data/parquet is absent: clone the project's shared data beside the repository"),
          arguments: goldenNames)
    func fileMatchesPyarrow(_ golden: String) throws {
        let text = try String(contentsOf: Self.goldens.appendingPathComponent(golden), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try JSONParser.parse(lines[0])
        guard case .string(let relative)? = header["file"], let rows = header["rows"]?.doubleValue,
              case .array(let columns)? = header["columns"], let shared = Self.shared else {
            Issue.record("bad golden header in \(golden)")
            return
        }
        let dataset = try Dataset.open(shared.appendingPathComponent(relative))
        #expect(dataset.format == .parquet)
        #expect(dataset.rowCount == Int(rows), "\(relative)")
        for line in lines.dropFirst() {
            let entry = try JSONParser.parse(line)
            guard let row = entry["row"]?.doubleValue, let expected = entry["record"] else { continue }
            let record = try dataset.record(at: Int(row))
            guard let actual = record.value else {
                Issue.record("\(relative) row \(Int(row)) is malformed")
                continue
            }
            #expect(ParquetConformanceTests.same(actual, expected), "\(relative) row \(Int(row)): \(JSONFormatter.compact(actual)) vs \(JSONFormatter.compact(expected))")
            if case .object(let members) = actual {
                #expect(members.map { JSONValue.string($0.key) } == columns, "\(relative): columns in schema order")
            }
        }
    }

    /// Values equal as JSON, numbers by value: exact text, or the same double, or (for FLOAT columns, whose pyarrow
    /// value is the float widened to a double) the same float.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if x == y { return true }
            guard let dx = Double(x), let dy = Double(y) else { return false }
            if dx == dy { return true }
            let fractional = x.contains(".") || x.contains("e") || y.contains(".") || y.contains("e")
            return fractional && Float(dx) == Float(dy)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default:
            return a == b
        }
    }

    /// Reads every row; returns the first error.
    static func readAll(_ url: URL) -> Error? {
        do {
            let dataset = try Dataset.open(url)
            for row in 0..<dataset.rowCount { _ = try dataset.record(at: row) }
            return nil
        } catch {
            return error
        }
    }

    @Test(.enabled(if: available, "../shared/data/parquet is absent"))
    func badFilesGiveErrorsNamingWhere() throws {
        guard let shared = Self.shared else { return }
        let expectations: [(String, String)] = [
            ("bad_data/ARROW-GH-41317.parquet", "column 'timestamp_us_no_tz'"),
            ("bad_data/ARROW-GH-41321.parquet", "column 'int64'"),
            ("bad_data/ARROW-GH-45185.parquet", "column 'x.list.element'"),
            ("bad_data/ARROW-GH-47662.parquet", "column 'flba_field'"),
            ("bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet", "column 'name', page 0"),
            ("bad_data/ARROW-RS-GH-6229-LEVELS.parquet", "column 'outer.list.item.c'"),
            ("bad_data/PARQUET-1481.parquet", "footer"),
            // 2 GiB of map keys in a 4 KB file: the page is refused rather than allocated.
            ("data/large_string_map.brotli.parquet", "column 'arr.key_value.key', page 0"),
        ]
        for (name, place) in expectations {
            let error = Self.readAll(shared.appendingPathComponent(name)) as? DatasetError
            #expect(error?.kind == .corrupt, "\(name): \(String(describing: error))")
            #expect(error?.location?.contains(place) == true, "\(name): \(String(describing: error?.location))")
        }
        // Read by pyarrow 26 although it is in bad_data (dictionary indices with bit width 0): read here too.
        #expect(Self.readAll(shared.appendingPathComponent("bad_data/ARROW-GH-43605.parquet")) == nil)
    }

    /// Truncated and corrupted copies of every good file: an error or values, never a crash or a hang.
    @Test(.enabled(if: available, "../shared/data/parquet is absent"))
    func corruptedCopiesNeverCrash() throws {
        guard let shared = Self.shared else { return }
        let folder = try TestFolder()
        let names = try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("data").path)
            .filter { $0.hasSuffix(".parquet") && $0 != "large_string_map.brotli.parquet" }.sorted()
        var generator = SplitMix(seed: 18)
        var truncatedErrors = 0
        var cuts = 0
        var mutated = 0
        for name in names {
            let original = try [UInt8](Data(contentsOf: shared.appendingPathComponent("data/" + name)))
            guard original.count < 200_000 else { continue }
            // Cut anywhere: the footer is gone, so opening must fail with an error.
            for cut in [original.count - 1, original.count - 9, original.count / 2, 13] where cut > 0 {
                let url = try folder.write("cut-\(cut)-" + name, bytes: Array(original[0..<cut]))
                cuts += 1
                if Self.readAll(url) is DatasetError { truncatedErrors += 1 }
            }
            // Flip bytes anywhere (pages, headers, footer): whatever happens must be a DatasetError or success.
            for attempt in 0..<12 {
                var bytes = original
                for _ in 0..<(1 + attempt % 3) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    bytes[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
                let url = try folder.write("flip-\(attempt)-" + name, bytes: bytes)
                if let error = Self.readAll(url) {
                    #expect(error is DatasetError, "\(name) attempt \(attempt): \(error)")
                }
                mutated += 1
            }
        }
        #expect(truncatedErrors == cuts)
        #expect(mutated > 100)
    }
}

/// A small deterministic generator for the corruption test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
