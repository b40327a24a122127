import Foundation
import Support

/// The MinHash band signatures of a run, kept in memory up to a byte budget and spilled to disk as sorted runs (one
/// file per band per spill, records as datatrove writes them: the band's hashes as little-endian UInt64, then the
/// document's index as UInt32). At the end each band's runs are merged in (signature, document) order, and every
/// document whose band signature equals the previous one's is reported with it as a duplicate pair — datatrove's
/// stage 2 — so memory stays bounded however many documents there are.
final class BandSignatureStore {
    let bands: Int
    let hashesPerBand: Int
    let folder: URL
    let budgetBytes: Int
    /// Spilled runs so far (files `band_BBB/run_RRRRR.sig`).
    private(set) var runs: Int
    private var buffer: [UInt64] = []
    private var documents: [UInt32] = []

    var recordBytes: Int { hashesPerBand * 8 + 4 }
    /// Bytes one document's signature takes in memory.
    var bytesPerDocument: Int { bands * (hashesPerBand * 8 + 4) }
    var bufferedDocuments: Int { documents.count }

    init(bands: Int, hashesPerBand: Int, folder: URL, budgetBytes: Int, runs: Int = 0) {
        self.bands = bands
        self.hashesPerBand = hashesPerBand
        self.folder = folder
        self.budgetBytes = max(budgetBytes, 1)
        self.runs = runs
    }

    /// Adds a document's signature (bands × hashesPerBand values); spills when the budget is reached.
    func add(document: UInt32, signature: [UInt64]) throws {
        buffer.append(contentsOf: signature)
        documents.append(document)
        if documents.count * bytesPerDocument >= budgetBytes { try spill() }
    }

    func runFile(band: Int, run: Int) -> URL {
        folder.appendingPathComponent(String(format: "band_%03d/run_%05d.sig", band, run))
    }

    /// Writes what is in memory as one sorted run per band.
    func spill() throws {
        guard !documents.isEmpty else { return }
        let width = bands * hashesPerBand
        for band in 0..<bands {
            let base = band * hashesPerBand
            let order = documents.indices.sorted { x, y in
                for h in 0..<hashesPerBand {
                    let a = buffer[x * width + base + h], b = buffer[y * width + base + h]
                    if a != b { return a < b }
                }
                return documents[x] < documents[y]
            }
            var data = Data(capacity: order.count * recordBytes)
            for index in order {
                for h in 0..<hashesPerBand {
                    withUnsafeBytes(of: buffer[index * width + base + h].littleEndian) { data.append(contentsOf: $0) }
                }
                withUnsafeBytes(of: documents[index].littleEndian) { data.append(contentsOf: $0) }
            }
            let url = runFile(band: band, run: runs)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
        }
        runs += 1
        buffer.removeAll(keepingCapacity: true)
        documents.removeAll(keepingCapacity: true)
    }

    /// Spills what is left, then merges each band's runs and calls `pair(earlier, later)` for every two neighbours
    /// with the same band signature, band after band.
    func forEachDuplicatePair(_ pair: (UInt32, UInt32) throws -> Void, cancelled: () -> Bool = { false }) throws {
        try spill()
        for band in 0..<bands {
            if cancelled() { throw CancellationError() }
            var readers = try (0..<runs).map { try RunReader(url: runFile(band: band, run: $0), hashes: hashesPerBand) }
            var heads = try readers.indices.map { try readers[$0].next() }
            var last: RunReader.Entry?
            while true {
                var best: Int?
                for (index, head) in heads.enumerated() {
                    guard let head else { continue }
                    if let b = best, let current = heads[b], !(head < current) { continue }
                    best = index
                }
                guard let chosen = best, let entry = heads[chosen] else { break }
                if let previous = last, previous.hashes == entry.hashes { try pair(previous.document, entry.document) }
                last = entry
                heads[chosen] = try readers[chosen].next()
            }
        }
    }

    /// Reads one run file record by record, checking its length is whole records.
    struct RunReader {
        struct Entry: Comparable {
            var hashes: [UInt64]
            var document: UInt32
            static func < (a: Entry, b: Entry) -> Bool {
                for (x, y) in zip(a.hashes, b.hashes) where x != y { return x < y }
                return a.document < b.document
            }
        }
        let handle: FileHandle
        let url: URL
        let hashes: Int
        var chunk = Data()
        var offset = 0

        init(url: URL, hashes: Int) throws {
            self.url = url
            self.hashes = hashes
            handle = try FileHandle(forReadingFrom: url)
        }

        mutating func next() throws -> Entry? {
            let size = hashes * 8 + 4
            if offset + size > chunk.count {
                let rest = chunk.count > offset ? chunk.subdata(in: offset..<chunk.count) : Data()
                let more = try handle.read(upToCount: max(size * 4096, 1 << 20)) ?? Data()
                chunk = rest + more
                offset = 0
                if chunk.isEmpty {
                    try handle.close()
                    return nil
                }
                guard chunk.count >= size else {
                    throw CurateError(path: url.path, message: "a signature run ends inside a record (\(chunk.count) of \(size) bytes); delete the work folder and rerun")
                }
            }
            let entry = chunk.withUnsafeBytes { raw -> Entry in
                let values = (0..<hashes).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + $0 * 8, as: UInt64.self)) }
                let document = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + hashes * 8, as: UInt32.self))
                return Entry(hashes: values, document: document)
            }
            offset += size
            return entry
        }
    }
}
