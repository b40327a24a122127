import ArgumentParser
import Datasets
import Foundation
import TerminalCore
import Workbench

/// `loom bench browse`: the dataset browser's scale figures (issue 2) on a generated 1 GB JSONL file or a file of
/// the user's: first screen, index speed and size, random row fetch, a full parse; printed beside `wc -l` and
/// Python's `json.loads` on the same file.
struct BenchBrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Measure the dataset browser on a large JSONL file (generated unless --path is given)."
    )

    @Option(name: .long, help: "Size of the generated JSONL file in MB.")
    var sizeMb: Int = 1024

    @Option(name: .long, help: "Benchmark this file instead of a generated one (it is not deleted).")
    var path: String?

    @Option(name: .long, help: "Rows on the first screen.")
    var screenRows: Int = 50

    @Option(name: .long, help: "Random row fetches to time.")
    var fetches: Int = 2000

    @Option(name: .long, help: "MB of the file that the Python json.loads anchor parses (0 to skip).")
    var pythonMb: Int = 256

    @Option(name: .long, help: "MB of the file that VisiData (`vd`, if on PATH) loads in batch mode (0 to skip).")
    var visidataMb: Int = 64

    @Option(name: .long, help: "The VisiData command to run.")
    var visidata: String = "vd"

    @Flag(name: .long, help: "Skip the full-parse pass over every row.")
    var skipFullParse = false

    func run() throws {
        var temporaryFolder: URL?
        let url: URL
        if let path {
            url = URL(fileURLWithPath: path)
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            temporaryFolder = folder
            url = folder.appendingPathComponent("bench.jsonl")
            BenchCleanup.removeOnInterrupt(file: url.path, folder: folder.path)
            let start = Date()
            let written = try BenchmarkData.writeJSONL(to: url, bytes: UInt64(sizeMb) << 20)
            print(String(format: "generated %@ (%.0f MB) in %.1f s", url.path, Double(written) / 1_048_576,
                         Date().timeIntervalSince(start)))
        }
        defer { if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) } }
        try measure(url)
    }

    private func measure(_ url: URL) throws {
        let fileSize = Double((try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?
            .doubleValue ?? 0)
        let megabytes = fileSize / 1_048_576

        // First screen: open, wait for the first rows, read previews, infer columns, format every cell.
        let openStart = DispatchTime.now()
        let dataset = try Dataset.open(url)
        let opened = milliseconds(since: openStart)
        dataset.waitForRows(screenRows, timeout: 30)
        let rowsReady = milliseconds(since: openStart)
        let rows = min(screenRows, dataset.rowCount)
        var records: [Record] = []
        for row in 0..<rows { records.append(try dataset.record(at: row, maxBytes: 4096)) }
        let schema = ColumnSchema.infer(from: records, declared: dataset.declaredColumns)
        var cells = 0
        for record in records {
            guard let value = record.value else { continue }
            for column in schema.columns {
                cells += JSONFormatter.cellText(schema.value(of: column, in: value), maxBytes: 256).utf8.count
            }
        }
        let firstScreen = milliseconds(since: openStart)
        let progressAtFirstScreen = dataset.progress

        // Index: from open until the last row is found.
        let final = dataset.waitUntilIndexed()
        let indexSeconds = milliseconds(since: openStart) / 1000
        if let failure = final.failure { throw failure }
        let indexSpeed = megabytes / indexSeconds
        let rowCount = dataset.rowCount

        // Random rows: a preview as a table cell needs, and a whole screen from a random place (jump + redraw).
        var generator = SystemRandomNumberGenerator()
        var fetchTimes: [Double] = []
        var screenTimes: [Double] = []
        for _ in 0..<fetches {
            let row = Int.random(in: 0..<rowCount, using: &generator)
            let start = DispatchTime.now()
            let record = try dataset.record(at: row, maxBytes: 4096)
            fetchTimes.append(milliseconds(since: start))
            cells &+= record.byteCount & 1
        }
        for _ in 0..<max(1, fetches / 20) {
            let first = Int.random(in: 0..<max(1, rowCount - screenRows), using: &generator)
            let start = DispatchTime.now()
            for row in first..<min(rowCount, first + screenRows) {
                let record = try dataset.record(at: row, maxBytes: 4096)
                guard let value = record.value else { continue }
                for column in schema.columns {
                    cells &+= JSONFormatter.cellText(schema.value(of: column, in: value), maxBytes: 256).utf8.count
                }
            }
            screenTimes.append(milliseconds(since: start))
        }

        // The workbench itself: jump the table to a random row and draw the whole 160×50 screen into the cell grid
        // (what a key press costs before curses writes the changed cells).
        let app = WorkbenchApp(paths: [url.path], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode))
        while let state = app.openDatasetRows, !state.isComplete { Thread.sleep(forTimeInterval: 0.01) }
        _ = app.render(width: 160, height: 50)
        var redrawTimes: [Double] = []
        for _ in 0..<max(1, fetches / 10) {
            let row = Int.random(in: 0..<rowCount, using: &generator)
            let start = DispatchTime.now()
            app.selectRow(row)
            cells &+= app.render(width: 160, height: 50).width
            redrawTimes.append(milliseconds(since: start))
        }

        // Full parse of every row (what statistics and search cost), one core.
        var parseSpeed: Double?
        if !skipFullParse {
            let start = DispatchTime.now()
            var malformed = 0
            for row in 0..<rowCount where try dataset.record(at: row).isMalformed { malformed += 1 }
            parseSpeed = megabytes / (milliseconds(since: start) / 1000)
            if malformed > 0 { print("note: \(malformed) malformed rows") }
        }

        // Search for text that is not there (every row is checked) and statistics of one column, one core each.
        let searchStart = DispatchTime.now()
        let search = DatasetSearch(dataset: dataset, text: "loom-bench-absent")
        search.waitUntilComplete()
        let searchSpeed = megabytes / (milliseconds(since: searchStart) / 1000)
        var statisticsSpeed: Double?
        if let column = schema.columns.first(where: { $0.dominantKind == .number }) ?? schema.columns.first {
            let start = DispatchTime.now()
            let statistics = ColumnStatistics(dataset: dataset, column: column)
            statistics.waitUntilComplete()
            statisticsSpeed = megabytes / (milliseconds(since: start) / 1000)
        }

        // Anchors on the same (now cached) file.
        let wcSeconds = time(["wc", "-l", url.path])
        let python = pythonMb > 0 ? pythonParse(url, megabytes: pythonMb) : nil
        let visidataSpeed = visidataMb > 0 ? visidataLoad(url, megabytes: visidataMb) : nil

        print("")
        print("file: \(url.lastPathComponent), \(String(format: "%.0f", megabytes)) MB, \(rowCount) rows, "
            + "\(String(format: "%.0f", fileSize / Double(max(rowCount, 1)))) bytes/row on disk (page cache warm)")
        print(String(format: "first screen (%d rows, %d columns):  %8.2f ms   (opened %.2f ms, rows ready %.2f ms; "
                     + "index had %d rows, %.1f %% of the file)", rows, schema.columns.count, firstScreen, opened,
                     rowsReady, progressAtFirstScreen.rows, progressAtFirstScreen.fraction * 100))
        if let wcSeconds {
            print(String(format: "row index, one core:               %8.0f MB/s   wc -l: %.0f MB/s   ratio %.2fx",
                         indexSpeed, megabytes / wcSeconds, indexSpeed / (megabytes / wcSeconds)))
        } else {
            print(String(format: "row index, one core:               %8.0f MB/s   (wc not found)", indexSpeed))
        }
        print(String(format: "index memory:                      %8.2f bytes/row", dataset.indexBytesPerRow))
        print(String(format: "random row fetch (4 KB preview):   p50 %.3f ms   p99 %.3f ms   (%d fetches)",
                     percentile(fetchTimes, 0.5), percentile(fetchTimes, 0.99), fetchTimes.count))
        print(String(format: "jump + screen of %d rows formatted: p50 %.3f ms   p99 %.3f ms", screenRows,
                     percentile(screenTimes, 0.5), percentile(screenTimes, 0.99)))
        print(String(format: "workbench jump + redraw (160×50):   p50 %.3f ms   p99 %.3f ms   (goal ≤ 16 ms)",
                     percentile(redrawTimes, 0.5), percentile(redrawTimes, 0.99)))
        if let parseSpeed {
            if let python {
                print(String(format: "full parse, one core:              %8.0f MB/s   python json.loads: %.0f MB/s   "
                    + "ratio %.1fx", parseSpeed, python.megabytesPerSecond, parseSpeed / python.megabytesPerSecond))
            } else {
                print(String(format: "full parse, one core:              %8.0f MB/s", parseSpeed))
            }
        }
        print(String(format: "search, text absent (all rows):    %8.0f MB/s", searchSpeed))
        if let statisticsSpeed {
            print(String(format: "column statistics (all rows):      %8.0f MB/s", statisticsSpeed))
        }
        if let python {
            print(String(format: "python first %d lines (open+json.loads): %.2f ms   ratio to Loom's first screen %.1fx",
                         screenRows, python.firstScreenMilliseconds, python.firstScreenMilliseconds / firstScreen))
        }
        if let visidataSpeed {
            print(String(format: "VisiData batch load+save (first %d MB): %.0f MB/s   Loom index %.0fx, Loom full parse %.1fx",
                         visidataMb, visidataSpeed.megabytesPerSecond, indexSpeed / visidataSpeed.megabytesPerSecond,
                         (parseSpeed ?? .nan) / visidataSpeed.megabytesPerSecond))
            print(String(format: "VisiData start on a 2-row file (batch): %.0f ms   Loom first screen %.0fx faster",
                         visidataSpeed.startMilliseconds, visidataSpeed.startMilliseconds / firstScreen))
        } else if visidataMb > 0 {
            print("VisiData: `\(visidata)` not found (pip install visidata) — skipped")
        }
        if cells == -1 { print("") } // keeps the formatting work from being optimised away
    }

    private func milliseconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    }

    private func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
    }

    /// Wall time of a command, or nil when it cannot run.
    private func time(_ arguments: [String]) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = DispatchTime.now()
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return milliseconds(since: start) / 1000
    }

    /// VisiData's batch mode (`vd -b FILE -o OUT.tsv`) on the first `megabytes` MB of the file, whole lines: it
    /// loads every row before it saves. Also its start-up on a 2-row file, the least it takes to show anything.
    private func visidataLoad(_ url: URL, megabytes: Int) -> (megabytesPerSecond: Double, startMilliseconds: Double)? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-vd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard let input = FileHandle(forReadingAtPath: url.path) else { return nil }
            defer { try? input.close() }
            var slice = try input.read(upToCount: megabytes << 20) ?? Data()
            if let lastNewline = slice.lastIndex(of: 0x0A) { slice = slice.prefix(through: lastNewline) }
            let big = folder.appendingPathComponent("slice.jsonl")
            try slice.write(to: big)
            let lines = slice.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: true)
            let small = folder.appendingPathComponent("two.jsonl")
            try Data(lines.prefix(2).joined(separator: [0x0A]) + [0x0A]).write(to: small)
            guard let start = time([visidata, "-b", small.path, "-o", folder.appendingPathComponent("two.tsv").path]),
                  let load = time([visidata, "-b", big.path, "-o", folder.appendingPathComponent("slice.tsv").path])
            else { return nil }
            return (Double(slice.count) / 1_048_576 / load, start * 1000)
        } catch {
            return nil
        }
    }

    /// Python's json.loads over the first `megabytes` MB of lines, and its time to parse the first screen.
    private func pythonParse(_ url: URL, megabytes: Int) -> (megabytesPerSecond: Double, firstScreenMilliseconds: Double)? {
        let script = """
        import json, sys, time
        path, limit, screen = sys.argv[1], int(sys.argv[2]) << 20, int(sys.argv[3])
        t0 = time.perf_counter()
        with open(path, 'rb') as f:
            for i, line in enumerate(f):
                json.loads(line)
                if i + 1 == screen: break
        first = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter(); done = 0
        with open(path, 'rb') as f:
            for line in f:
                json.loads(line); done += len(line)
                if done >= limit: break
        print(done / 1048576 / (time.perf_counter() - t0), first)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path, String(megabytes), String(screenRows)]
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

/// Removes the generated gigabyte if the benchmark is interrupted (Ctrl-C, kill): only `unlink` and `rmdir`,
/// which are safe in a signal handler, on paths prepared beforehand.
enum BenchCleanup {
    nonisolated(unsafe) private static var file: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var folder: UnsafeMutablePointer<CChar>?

    static func removeOnInterrupt(file path: String, folder directory: String) {
        file = strdup(path)
        folder = strdup(directory)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                if let file = BenchCleanup.file { unlink(file) }
                if let folder = BenchCleanup.folder { rmdir(folder) }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}

/// Synthetic instruction-tuning rows for the benchmark: varied lengths (about 150 B to 3 KB), nested metadata,
/// escapes and non-ASCII text, like real training data.
enum BenchmarkData {
    static func writeJSONL(to url: URL, bytes target: UInt64) throws -> UInt64 {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let words = ["model", "data", "token", "layer", "weight", "train", "loss", "batch", "sample", "prompt",
                     "answer", "résumé", "naïve", "日本語", "the", "a", "of", "and", "to", "in"]
        var bodies: [String] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        for variant in 0..<97 {
            let count = 15 + (variant * variant * 7) % 400
            var text = ""
            for index in 0..<count {
                text += words[next() % words.count]
                text += index % 17 == 16 ? ".\\n" : " "
            }
            bodies.append(text + "\\\"done\\\"")
        }
        let instructions = (0..<31).map { variant in
            (0..<(6 + variant)).map { _ in words[next() % words.count] }.joined(separator: " ") + "?"
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(9 << 20)
        var written: UInt64 = 0
        var id = 0
        while written < target {
            let instruction = instructions[id % instructions.count]
            let output = bodies[(id * 7 + 3) % bodies.count]
            let line = "{\"id\": \(id), \"instruction\": \"\(instruction)\", \"input\": \"\", "
                + "\"output\": \"\(output)\", \"meta\": {\"source\": \"synthetic\", \"score\": \(Double(id % 1000) / 1000)}}\n"
            buffer.append(contentsOf: line.utf8)
            id += 1
            if buffer.count >= 8 << 20 {
                try handle.write(contentsOf: buffer)
                written += UInt64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty {
            try handle.write(contentsOf: buffer)
            written += UInt64(buffer.count)
        }
        return written
    }
}
