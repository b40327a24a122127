import ArgumentParser
import Curation
import Foundation

/// `loom bench curate FILE`: `loom curate`'s whole pipeline (filters, MinHash, writing) over one file, beside
/// datatrove's local executor running FineWeb's filters and MinHash stages 1–4 on the same file in the same run (one
/// task, one worker; JSONL out), as documents per second and their ratio.
struct BenchCurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Measure loom curate against datatrove's local executor (filters + MinHash) on the same file."
    )

    @Argument(help: "A JSONL or Parquet file with a text column (and an id for datatrove).")
    var file: String

    @Flag(name: .long, help: "Skip the datatrove anchor.")
    var skipDatatrove = false

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-bench-curate-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var curate = CurateRun()
        curate.restart = true
        let start = DispatchTime.now()
        let summary = try curate.run(inputs: [file], folder: folder.appendingPathComponent("loom"))
        let loomSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let loomRate = Double(summary.documents) / loomSeconds
        print(String(format: "loom: %d documents (%d kept, %d duplicates) in %.2f s", summary.documents, summary.kept,
                     summary.duplicates, loomSeconds))
        guard !skipDatatrove, let anchor = datatrove(folder.appendingPathComponent("datatrove").path) else {
            print(String(format: "curate: loom %.0f docs/s · datatrove not run (pip install datatrove spacy \"xxhash<4\")", loomRate))
            return
        }
        let anchorRate = anchor.documents / anchor.seconds
        print(String(format: "datatrove: %.0f documents (%.0f kept) in %.2f s", anchor.documents, anchor.kept, anchor.seconds))
        print(String(format: "curate: loom %.0f docs/s · datatrove %.0f docs/s · ×%.2f", loomRate, anchorRate, loomRate / anchorRate))
    }

    /// datatrove's time for the same work, its document count and the documents it kept.
    private func datatrove(_ work: String) -> (documents: Double, kept: Double, seconds: Double)? {
        let script = """
        import os, sys, time, logging
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.readers import JsonlReader, ParquetReader
        from datatrove.pipeline.writers import JsonlWriter
        from datatrove.pipeline.filters import GopherRepetitionFilter, GopherQualityFilter, C4QualityFilter, FineWebQualityFilter
        from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupSignature, MinhashDedupBuckets,
                                                      MinhashDedupCluster, MinhashDedupFilter)
        from datatrove.utils.logging import logger
        logger.remove()
        path, work = sys.argv[1], sys.argv[2]
        folder, name = os.path.dirname(os.path.abspath(path)), os.path.basename(path)
        reader = (ParquetReader if name.endswith(".parquet") else JsonlReader)(folder, glob_pattern=name, id_key="id")
        config = MinhashConfig()
        t0 = time.perf_counter()
        stats = LocalPipelineExecutor(pipeline=[reader, GopherRepetitionFilter(), GopherQualityFilter(),
            C4QualityFilter(filter_no_terminal_punct=False), FineWebQualityFilter(), JsonlWriter(f"{work}/filtered")],
            tasks=1, workers=1, logging_dir=f"{work}/l1").run()
        LocalPipelineExecutor(pipeline=[JsonlReader(f"{work}/filtered"), MinhashDedupSignature(f"{work}/sigs", config=config)],
            tasks=1, workers=1, logging_dir=f"{work}/l2").run()
        LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=config)],
            tasks=config.num_buckets, workers=1, logging_dir=f"{work}/l3").run()
        LocalPipelineExecutor(pipeline=[MinhashDedupCluster(f"{work}/buckets", f"{work}/remove", config=config)],
            tasks=1, workers=1, logging_dir=f"{work}/l4").run()
        LocalPipelineExecutor(pipeline=[JsonlReader(f"{work}/filtered"), MinhashDedupFilter(f"{work}/remove"),
            JsonlWriter(f"{work}/kept")], tasks=1, workers=1, logging_dir=f"{work}/l5").run()
        seconds = time.perf_counter() - t0
        import json, glob, gzip
        total = sum(1 for _ in reader())
        kept = sum(1 for f in glob.glob(f"{work}/kept/*") for _ in gzip.open(f))
        print(total, kept, seconds)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file, work]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
            .compactMap { Double($0) }
        guard process.terminationStatus == 0, fields.count >= 3 else { return nil }
        return (fields[fields.count - 3], fields[fields.count - 2], fields[fields.count - 1])
    }
}
