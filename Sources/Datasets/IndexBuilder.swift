import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a `RowIndex` one buffer at a time: reads (and for gzip, inflates into the temporary store), scans, and
/// publishes the rows found. `step()` returns false once the index is complete, failed or cancelled.
///
/// Not `Sendable`: it is used by one thread at a time, first the opening thread (the first buffer) and then the
/// background thread it is handed to (`sending`), never both.
final class IndexBuilder<Scanner: RowScanner> {
    private let file: DatasetFile
    private let store: DatasetFile
    private let index: RowIndex
    private var scanner: Scanner
    private var batch = RowBatch()
    private var dataStartSet = false
    private let buffer: UnsafeMutableRawPointer
    private let capacity = TextRecordReader.chunk
    /// The next byte of the file to read (for gzip: of the compressed file).
    private var offset: UInt64
    /// Where the text starts (after a byte-order mark); for gzip, decompressed bytes before it are stored but not
    /// scanned, so a .jsonl.gz file with a mark reads as the .jsonl file does.
    private let textStart: UInt64
    private var first = true
    private var ended = false
    // Gzip state.
    private let inflater: GzipInflater?
    private var input: UnsafeMutableRawPointer?
    private var inputStart = 0
    private var inputEnd = 0
    private var outputOffset: UInt64 = 0

    init(file: DatasetFile, store: DatasetFile, gzip: Bool, start: UInt64, index: RowIndex, scanner: Scanner) {
        self.file = file
        self.store = store
        self.index = index
        self.scanner = scanner
        self.offset = gzip ? 0 : start
        self.textStart = start
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        if gzip {
            do {
                inflater = try GzipInflater(path: file.path)
                input = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
            } catch {
                inflater = nil
                ended = true
                index.finish(failure: error as? DatasetError, cancelled: false)
            }
        } else {
            inflater = nil
        }
    }

    deinit {
        buffer.deallocate()
        input?.deallocate()
    }

    private func publish(bytesDone: UInt64) {
        if !dataStartSet, let dataStart = scanner.dataStart {
            index.setDataStart(dataStart)
            dataStartSet = true
        }
        index.append(&batch, bytesDone: bytesDone)
    }

    /// Indexes one more buffer; false when there is nothing more to do.
    func step() -> Bool {
        guard !ended else { return false }
        if index.isCancelRequested {
            ended = true
            index.finish(failure: nil, cancelled: true)
            return false
        }
        do {
            let more = try (inflater == nil ? plainStep() : gzipStep())
            if !more {
                ended = true
                index.finish(failure: nil, cancelled: false)
            }
            return more
        } catch {
            ended = true
            publish(bytesDone: index.snapshot.bytesDone)
            let failure = error as? DatasetError ?? DatasetError(.readFailed, path: file.path, problem: "\(error)",
                                                                  remedy: "Reopen the dataset.")
            index.finish(failure: failure, cancelled: false)
            return false
        }
    }

    private func plainStep() throws -> Bool {
        let end = file.sizeAtOpen
        guard offset < end else {
            scanner.finish(at: end, into: &batch)
            publish(bytesDone: end)
            try checkEnd()
            return false
        }
        let want = Int(min(UInt64(first ? TextRecordReader.firstChunk : capacity), end - offset))
        first = false
        let got = try file.readSome(into: buffer, count: want, at: offset)
        if got == 0 { throw file.truncatedError(at: offset) }
        scanner.scan(UnsafeRawBufferPointer(start: buffer, count: got), at: offset, into: &batch)
        offset += UInt64(got)
        publish(bytesDone: offset)
        return true
    }

    /// One output buffer of decompressed text per step (a quarter of one for the first, so that the first
    /// screen does not wait for megabytes of highly compressed text); compressed input is read 1 MB at a time
    /// and kept until zlib has consumed it.
    private func gzipStep() throws -> Bool {
        guard let inflater, let input else { return false }
        if inputStart == inputEnd && offset < file.sizeAtOpen {
            let got = try file.readSome(into: input, count: 1 << 20, at: offset)
            if got == 0 { throw file.truncatedError(at: offset) }
            offset += UInt64(got)
            inputStart = 0
            inputEnd = got
        }
        let outputSize = first ? TextRecordReader.firstChunk : capacity
        first = false
        let (consumed, produced) = try inflater.inflate(
            input: UnsafeRawBufferPointer(start: input + inputStart, count: inputEnd - inputStart),
            output: UnsafeMutableRawBufferPointer(start: buffer, count: outputSize),
            inputOffset: offset - UInt64(inputEnd - inputStart))
        inputStart += consumed
        let compressedDone = offset - UInt64(inputEnd - inputStart)
        if produced > 0 {
            try IndexBuilder.writeAll(store, buffer, produced, at: outputOffset)
            let skip = Int(min(UInt64(produced), textStart > outputOffset ? textStart - outputOffset : 0))
            scanner.scan(UnsafeRawBufferPointer(start: buffer + skip, count: produced - skip),
                         at: outputOffset + UInt64(skip), into: &batch)
            outputOffset += UInt64(produced)
            publish(bytesDone: compressedDone)
            return true
        }
        if inputStart < inputEnd || offset < file.sizeAtOpen {
            // Input left but no output: zlib wants more input than a member boundary gives; go on reading.
            if consumed > 0 || inputStart == inputEnd { return true }
            throw DatasetError(.compression, path: file.path, location: "compressed byte \(compressedDone)",
                               problem: "the gzip data cannot be decompressed further",
                               remedy: "Check the file with `gzip -t`; the rows before this point are shown.")
        }
        // All input read and no more output.
        if !inflater.reachedEnd {
            throw DatasetError(.compression, path: file.path, location: "compressed byte \(offset)",
                               problem: "the gzip data ends early (the file is truncated)",
                               remedy: "The rows before the cut are shown; re-download or recompress the file.")
        }
        scanner.finish(at: outputOffset, into: &batch)
        publish(bytesDone: offset)
        try checkEnd()
        return false
    }

    /// A structure the data left open (a JSON array without its `]`) means the file was cut short: the rows read are
    /// shown, and the index ends with the error where it began.
    private func checkEnd() throws {
        guard let (problem, line) = scanner.endProblem else { return }
        throw DatasetError(.truncated, path: file.path, location: "line \(line)", problem: problem,
                           remedy: "The rows before the cut are shown; re-export or repair the file.")
    }

    private static func writeAll(_ store: DatasetFile, _ buffer: UnsafeMutableRawPointer, _ count: Int,
                                 at offset: UInt64) throws {
        var done = 0
        while done < count {
            let result = pwrite(store.descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw DatasetError(.readFailed, path: store.path, problem: "cannot write decompressed text (\(reason))",
                                   remedy: "Free space in the temporary folder (\(NSTemporaryDirectory())).")
            }
            done += result
        }
    }
}
