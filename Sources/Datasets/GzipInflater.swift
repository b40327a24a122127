import CZlib

/// Streaming gzip decompression (zlib's `inflate`), for `.jsonl.gz` and friends. Handles files made of several
/// gzip members (as `cat a.gz b.gz` produces). Not thread-safe: one inflater per indexing thread.
final class GzipInflater {
    private var stream = z_stream()
    private var isOpen = false
    private(set) var reachedEnd = false
    let path: String

    init(path: String) throws {
        self.path = path
        // 15 window bits + 16: gzip wrapper only.
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw DatasetError(.compression, path: path, problem: "cannot start gzip decompression (zlib \(status))",
                               remedy: "Check that zlib is installed.")
        }
        isOpen = true
    }

    deinit {
        if isOpen { inflateEnd(&stream) }
    }

    /// Decompresses from `input` into `output`; returns (input bytes consumed, output bytes written).
    /// Compressed bytes at offset `inputOffset` are used only for error messages.
    func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer,
                 inputOffset: UInt64) throws -> (consumed: Int, produced: Int) {
        guard let outBase = output.baseAddress else { return (0, 0) }
        if reachedEnd && input.count > 0 {
            // Another gzip member starts in this input.
            inflateReset(&stream)
            reachedEnd = false
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        while stream.avail_out > 0 {
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                if stream.avail_in > 0 {
                    // Another gzip member follows.
                    inflateReset(&stream)
                    continue
                }
                reachedEnd = true
                break
            }
            if status == Z_BUF_ERROR { break }
            guard status == Z_OK else {
                let consumed = input.count - Int(stream.avail_in)
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw DatasetError(.compression, path: path, location: "compressed byte \(inputOffset + UInt64(consumed))",
                                   problem: "the gzip data is corrupt (\(message))",
                                   remedy: "Check the file with `gzip -t`; the rows before this point are shown.")
            }
            reachedEnd = false
        }
        return (input.count - Int(stream.avail_in), output.count - Int(stream.avail_out))
    }
}
