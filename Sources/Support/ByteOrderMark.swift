/// The UTF-8 byte-order mark (EF BB BF), which some editors (Notepad, Excel's "CSV UTF-8") put at the start of a
/// file. Loom treats it as a mark of the encoding, not as text, at the start of a file or of a JSON text, and
/// nowhere else: a U+FEFF inside a string is data (a tokenizer vocabulary can hold it) and is always kept. Every
/// reader asks this type, so that `loom score`, `loom tokenize`, the data browser and the tokenizer loader agree.
public enum ByteOrderMark {
    /// The mark's bytes.
    public static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// 3 when `bytes` starts with the mark, else 0.
    @inlinable public static func length<Bytes: Collection>(atStartOf bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var index = bytes.startIndex
        for expected in [UInt8(0xEF), 0xBB, 0xBF] {
            guard index != bytes.endIndex, bytes[index] == expected else { return 0 }
            index = bytes.index(after: index)
        }
        return 3
    }

    /// 3 when the raw bytes start with the mark, else 0 (the parser's form: no generic collection on a hot path).
    @inline(__always) public static func length(atStartOf bytes: UnsafeRawBufferPointer) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }
}
