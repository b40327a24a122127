import CBrotli
import CZlib
import CZstd

/// Decompresses one page with the column chunk's codec. Which implementation and why:
/// - SNAPPY, LZ4_RAW and the old Hadoop LZ4: native (`SnappyDecoder`, `LZ4BlockDecoder`), each a page of format.
/// - GZIP: zlib (already a requirement for `.jsonl.gz`), several members in a row allowed, as the spec permits.
/// - ZSTD: libzstd through the `CZstd` system library (libzstd-dev): the format is large (entropy coders, window
///   management) and the C library is the reference, fast and in every distribution.
/// - BROTLI: libbrotli through `CBrotli` (libbrotli-dev): cheap to bind, rare in practice, and as large as zstd.
/// - LZO: refused with a message (no writer in the ecosystem produces it any more).
/// The output is always exactly the page header's uncompressed size; anything else is an error.
enum ParquetDecompressor {
    static func decompress(_ codec: ParquetCodec, _ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        if uncompressedSize == 0 { return [] }
        if codec == .uncompressed {
            guard input.count == uncompressedSize else {
                throw ParquetDecodeError("an uncompressed page holds \(input.count) bytes, its header says \(uncompressedSize)")
            }
            return Array(input)
        }
        return try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, initialized in
            let output = UnsafeMutableRawBufferPointer(buffer)
            switch codec {
            case .uncompressed: break
            case .snappy: try SnappyDecoder.decompress(input, into: output)
            case .lz4Raw:
                let produced = try LZ4BlockDecoder.decompress(input, into: output)
                guard produced == uncompressedSize else {
                    throw ParquetDecodeError("LZ4 block holds \(produced) bytes, the page header says \(uncompressedSize)")
                }
            case .lz4: try hadoopLZ4(input, into: output)
            case .gzip: try gzip(input, into: output)
            case .zstd: try zstd(input, into: output)
            case .brotli: try brotli(input, into: output)
            case .lzo: throw ParquetDecodeError("the LZO codec is not supported (rewrite the file with snappy or zstd)")
            }
            initialized = uncompressedSize
        }
    }

    /// The deprecated LZ4 codec: Hadoop's framing (big-endian sizes before each block), or — as some writers
    /// produced — a bare LZ4 block. The framing is tried first, as Arrow does.
    private static func hadoopLZ4(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        func framed() throws -> Bool {
            var ip = 0
            var op = 0
            while ip < input.count {
                guard input.count - ip >= 8 else { return false }
                let expected = Int(UInt32(bigEndian: input.loadUnaligned(fromByteOffset: ip, as: UInt32.self)))
                let compressed = Int(UInt32(bigEndian: input.loadUnaligned(fromByteOffset: ip + 4, as: UInt32.self)))
                ip += 8
                guard compressed <= input.count - ip, expected <= output.count - op else { return false }
                let block = UnsafeRawBufferPointer(rebasing: input[ip..<(ip + compressed)])
                let target = UnsafeMutableRawBufferPointer(rebasing: output[op..<(op + expected)])
                guard let produced = try? LZ4BlockDecoder.decompress(block, into: target), produced == expected else { return false }
                ip += compressed
                op += expected
            }
            return op == output.count
        }
        if try framed() { return }
        let produced = try LZ4BlockDecoder.decompress(input, into: output)
        guard produced == output.count else {
            throw ParquetDecodeError("LZ4 data holds \(produced) bytes, the page header says \(output.count)")
        }
    }

    private static func gzip(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var stream = z_stream()
        // 15 window bits + 32: gzip or zlib wrapper, detected.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetDecodeError("cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        while true {
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                if stream.avail_in > 0 && stream.avail_out > 0 {
                    inflateReset(&stream)  // another gzip member follows
                    continue
                }
                break
            }
            if status == Z_OK { continue }
            if status == Z_BUF_ERROR && stream.avail_out == 0 {
                throw ParquetDecodeError("gzip data holds more than the page header's \(output.count) bytes")
            }
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw ParquetDecodeError("gzip data is corrupt (\(message))")
        }
        guard stream.avail_out == 0 else {
            throw ParquetDecodeError("gzip data holds \(output.count - Int(stream.avail_out)) bytes, the page header says \(output.count)")
        }
    }

    private static func zstd(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let result = ZSTD_decompress(output.baseAddress, output.count, input.baseAddress, input.count)
        if ZSTD_isError(result) != 0 {
            throw ParquetDecodeError("zstd data is corrupt (\(String(cString: ZSTD_getErrorName(result))))")
        }
        guard result == output.count else {
            throw ParquetDecodeError("zstd data holds \(result) bytes, the page header says \(output.count)")
        }
    }

    private static func brotli(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var size = output.count
        let result = BrotliDecoderDecompress(input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), &size,
                                             output.baseAddress?.assumingMemoryBound(to: UInt8.self))
        guard result == BROTLI_DECODER_RESULT_SUCCESS else { throw ParquetDecodeError("brotli data is corrupt") }
        guard size == output.count else {
            throw ParquetDecodeError("brotli data holds \(size) bytes, the page header says \(output.count)")
        }
    }
}
