/// Snappy's raw block format, decoded natively: the format is a page long (literals and back-references), so a
/// dependency would cost more than it saves, and a native loop over pointers is as fast as the C library for the
/// short copies text produces. Every length and offset is checked against the input and the output.
enum SnappyDecoder {
    /// The uncompressed length a block declares in its varint preamble.
    static func declaredLength(_ input: UnsafeRawBufferPointer) throws -> Int {
        var cursor = ByteCursor(input)
        let length = try cursor.varint()
        guard length <= UInt64(Int32.max) else { throw ParquetDecodeError("snappy block declares \(length) bytes") }
        return Int(length)
    }

    /// Decompresses `input` into `output`, which must be exactly the declared length.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var cursor = ByteCursor(input)
        let declared = try cursor.varint()
        guard declared == UInt64(output.count) else {
            throw ParquetDecodeError("snappy block holds \(declared) bytes, the page header says \(output.count)")
        }
        guard let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        guard let inBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw ParquetDecodeError("empty snappy block")
        }
        let outEnd = output.count
        let inEnd = input.count
        var ip = cursor.position
        var op = 0
        while ip < inEnd {
            let tag = inBase[ip]
            ip += 1
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2)
                if length >= 60 {
                    let extra = length - 59
                    guard ip + extra <= inEnd else { throw ParquetDecodeError("snappy literal length runs past the input") }
                    length = 0
                    for index in 0..<extra { length |= Int(inBase[ip + index]) << (8 * index) }
                    ip += extra
                }
                length += 1
                guard length <= inEnd - ip, length <= outEnd - op else {
                    throw ParquetDecodeError("snappy literal of \(length) bytes runs past the block")
                }
                if length <= 16 && inEnd - ip >= 16 && outEnd - op >= 16 {
                    // Short literal: two 8-byte moves (the slack is overwritten by what follows).
                    copy16(from: inBase + ip, to: out + op)
                } else {
                    (out + op).update(from: inBase + ip, count: length)
                }
                ip += length
                op += length
            default:
                var length: Int
                var offset: Int
                switch tag & 3 {
                case 1:
                    guard ip < inEnd else { throw ParquetDecodeError("snappy copy runs past the input") }
                    length = 4 + Int((tag >> 2) & 7)
                    offset = (Int(tag >> 5) << 8) | Int(inBase[ip])
                    ip += 1
                case 2:
                    guard ip + 2 <= inEnd else { throw ParquetDecodeError("snappy copy runs past the input") }
                    length = 1 + Int(tag >> 2)
                    offset = Int(inBase[ip]) | Int(inBase[ip + 1]) << 8
                    ip += 2
                default:
                    guard ip + 4 <= inEnd else { throw ParquetDecodeError("snappy copy runs past the input") }
                    length = 1 + Int(tag >> 2)
                    offset = Int(inBase[ip]) | Int(inBase[ip + 1]) << 8 | Int(inBase[ip + 2]) << 16 | Int(inBase[ip + 3]) << 24
                    ip += 4
                }
                guard offset > 0, offset <= op else { throw ParquetDecodeError("snappy copy offset \(offset) points before the block") }
                guard length <= outEnd - op else { throw ParquetDecodeError("snappy copy runs past the declared length") }
                copyMatch(out, at: op, offset: offset, length: length, end: outEnd)
                op += length
            }
        }
        guard op == outEnd else { throw ParquetDecodeError("snappy block ended after \(op) of \(outEnd) bytes") }
    }

    /// Copies `length` bytes from `offset` back (the regions may overlap: a run repeats its pattern).
    @inline(__always)
    static func copyMatch(_ out: UnsafeMutablePointer<UInt8>, at op: Int, offset: Int, length: Int, end: Int) {
        let source = out + (op - offset)
        let target = out + op
        if length <= 16 && offset >= 8 && end - op >= 16 {
            // The common short copy: two 8-byte moves, the second after the first so a run of period 8…15 repeats.
            copy16(from: source, to: target)
        } else if offset >= length {
            target.update(from: source, count: length)
        } else if offset >= 8 && op + length + 8 <= end {
            var done = 0
            while done < length {
                UnsafeMutableRawPointer(target + done).storeBytes(
                    of: UnsafeRawPointer(source + done).loadUnaligned(as: UInt64.self), as: UInt64.self)
                done += 8
            }
        } else {
            for index in 0..<length { target[index] = source[index] }
        }
    }

    /// Copies 16 bytes as two 8-byte words, the second loaded after the first is stored.
    @inline(__always)
    static func copy16(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        let first = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(target).storeBytes(of: first, as: UInt64.self)
        let second = UnsafeRawPointer(source + 8).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(target + 8).storeBytes(of: second, as: UInt64.self)
    }
}
