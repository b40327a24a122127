import Foundation
import Support

/// Writes what a review kept: the records decided `keep` (and, when asked, the ones nobody decided), as JSON lines
/// in the source's own schema (each record's fields in their order) — or as Parquet (snappy) when the output's name
/// ends in `.parquet`, a Parquet source keeping its own column types (`ParquetExport`) — atomically; and the decision log as JSON lines.
/// A decision whose record changed since (its content hash differs) does not count: it is reported as stale.
public enum ReviewExport {
    public struct Summary: Sendable, Equatable {
        public var kept = 0
        public var dropped = 0
        public var unsure = 0
        public var unreviewed = 0
        /// Lines whose decision was made on different content.
        public var staleLines: [Int] = []
        /// Records written to the output.
        public var written = 0
    }

    /// Writes the kept records of `dataset` under `log`'s decisions to `out`. With `includeUnreviewed`, records
    /// nobody decided are written too: all of them, or only those whose lines `unreviewedLines` holds (the Review
    /// section passes the lines the detector did not flag).
    @discardableResult
    public static func keptRecords(of dataset: Dataset, log: ReviewLog, includeUnreviewed: Bool,
                                   unreviewedLines: Set<Int>? = nil, to out: URL) throws -> Summary {
        let decisions = log.latest
        var summary = Summary()
        var text = ""
        var keptRows: [Int] = []
        let parquet = out.pathExtension.lowercased() == "parquet"
        dataset.waitUntilIndexed()
        if let failure = dataset.progress.failure { throw failure }
        for row in 0..<dataset.rowCount {
            let record = try dataset.record(at: row)
            var verdict: ReviewDecision.Verdict = .undecided
            if let decision = decisions[record.line] {
                if decision.contentHash == ReviewLog.contentHash(of: record) {
                    verdict = decision.verdict
                } else if decision.verdict != .undecided {
                    summary.staleLines.append(record.line)
                }
            }
            switch verdict {
            case .keep: summary.kept += 1
            case .drop: summary.dropped += 1
            case .unsure: summary.unsure += 1
            case .undecided: summary.unreviewed += 1
            }
            let unreviewedKept = includeUnreviewed && verdict == .undecided && (unreviewedLines?.contains(record.line) ?? true)
            guard verdict == .keep || unreviewedKept, case .value(let value) = record.content else { continue }
            if parquet { keptRows.append(row) } else { text += JSONFormatter.compact(value) + "\n" }
            summary.written += 1
        }
        if parquet {
            try ParquetExport.write(rows: keptRows, of: dataset, to: out)
        } else {
            try AtomicFile.write(Data(text.utf8), to: out)
        }
        return summary
    }

    /// Copies the decision log (every entry, oldest first) to `out` atomically.
    public static func log(_ log: ReviewLog, to out: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = Data()
        for entry in log.entries {
            data.append(try encoder.encode(entry))
            data.append(UInt8(ascii: "\n"))
        }
        try AtomicFile.write(data, to: out)
    }
}
