/// Snappy compression, native like the decoder: greedy matching of 4-byte sequences through a hash table, literals
/// and copies with 2-byte offsets (blocks are matched within 64 KiB, as the reference encoder's fragments are). Not
/// the reference encoder's ratio to the byte, but valid snappy that every reader accepts.
enum SnappyEncoder {
    static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let count = input.count
        var out: [UInt8] = []
        out.reserveCapacity(32 + count + count / 6)
        var length = UInt64(count)
        while length >= 0x80 {
            out.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        out.append(UInt8(length))
        guard count > 0, let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return out }
        let tableBits = 14
        var table = [Int32](repeating: -1, count: 1 << tableBits)
        func load32(_ position: Int) -> UInt32 { UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self) }
        var literalStart = 0
        var ip = 0
        var skip = 32
        while ip + 4 <= count {
            let value = load32(ip)
            let hash = Int((value &* 0x1E35_A7BD) >> UInt32(32 - tableBits))
            let candidate = Int(table[hash])
            table[hash] = Int32(truncatingIfNeeded: ip)
            if candidate >= 0, ip - candidate <= 65_535, load32(candidate) == value {
                emitLiteral(base, from: literalStart, to: ip, into: &out)
                var matched = 4
                while ip + matched < count && base[candidate + matched] == base[ip + matched] { matched += 1 }
                emitCopy(offset: ip - candidate, length: matched, into: &out)
                ip += matched
                literalStart = ip
                skip = 32
            } else {
                // Step further through data that does not match (as the reference encoder does).
                ip += skip >> 5
                skip += 1
            }
        }
        emitLiteral(base, from: literalStart, to: count, into: &out)
        return out
    }

    private static func emitLiteral(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        var position = start
        while position < end {
            let length = min(end - position, 1 << 16)
            let stored = length - 1
            if stored < 60 {
                out.append(UInt8(stored) << 2)
            } else if stored < 256 {
                out.append(60 << 2)
                out.append(UInt8(stored))
            } else {
                out.append(61 << 2)
                out.append(UInt8(stored & 0xFF))
                out.append(UInt8(stored >> 8))
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + position, count: length))
            position += length
        }
    }

    private static func emitCopy(offset: Int, length: Int, into out: inout [UInt8]) {
        var rest = length
        while rest > 0 {
            // Copies of 1…64 bytes with a 2-byte offset; keep the last piece at least 4 long.
            var piece = min(rest, 64)
            if rest - piece > 0 && rest - piece < 4 { piece = rest - 4 }
            out.append(UInt8(piece - 1) << 2 | 2)
            out.append(UInt8(offset & 0xFF))
            out.append(UInt8(offset >> 8))
            rest -= piece
        }
    }
}
