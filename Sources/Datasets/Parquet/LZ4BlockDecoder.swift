/// LZ4's block format (Parquet's LZ4_RAW, and the body of the old Hadoop-framed LZ4 codec), decoded natively: like
/// snappy it is a page of format, and liblz4's -dev package would be one more system requirement for it.
enum LZ4BlockDecoder {
    /// Decompresses one block into `output` (exactly its size); returns the bytes written.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let inBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count > 0 else {
            throw ParquetDecodeError("empty LZ4 block")
        }
        guard let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw ParquetDecodeError("LZ4 block with no room to decompress into")
        }
        let inEnd = input.count
        let outEnd = output.count
        var ip = 0
        var op = 0
        while true {
            guard ip < inEnd else { throw ParquetDecodeError("LZ4 block ends inside a sequence") }
            let token = inBase[ip]
            ip += 1
            var literals = Int(token >> 4)
            if literals == 15 {
                while true {
                    guard ip < inEnd else { throw ParquetDecodeError("LZ4 literal length runs past the input") }
                    let more = inBase[ip]
                    ip += 1
                    literals += Int(more)
                    guard literals < Int(Int32.max) else { throw ParquetDecodeError("LZ4 literal length overflows") }
                    if more != 255 { break }
                }
            }
            guard literals <= inEnd - ip, literals <= outEnd - op else {
                throw ParquetDecodeError("LZ4 literals of \(literals) bytes run past the block")
            }
            (out + op).update(from: inBase + ip, count: literals)
            ip += literals
            op += literals
            if ip == inEnd { return op }
            guard ip + 2 <= inEnd else { throw ParquetDecodeError("LZ4 match offset runs past the input") }
            let offset = Int(inBase[ip]) | Int(inBase[ip + 1]) << 8
            ip += 2
            guard offset > 0, offset <= op else { throw ParquetDecodeError("LZ4 match offset \(offset) points before the block") }
            var length = Int(token & 15)
            if length == 15 {
                while true {
                    guard ip < inEnd else { throw ParquetDecodeError("LZ4 match length runs past the input") }
                    let more = inBase[ip]
                    ip += 1
                    length += Int(more)
                    guard length < Int(Int32.max) else { throw ParquetDecodeError("LZ4 match length overflows") }
                    if more != 255 { break }
                }
            }
            length += 4
            guard length <= outEnd - op else { throw ParquetDecodeError("LZ4 match runs past the declared length") }
            SnappyDecoder.copyMatch(out, at: op, offset: offset, length: length, end: outEnd)
            op += length
        }
    }
}
