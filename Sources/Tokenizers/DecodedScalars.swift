/// The scalars of one UTF-8 buffer decoded once, with their classes and byte offsets, so that the pattern matchers
/// can look ahead without re-decoding. Reused between calls: the buffers only grow.
struct DecodedScalars {
    var values: [UInt32] = []
    var classes: [ScalarClass] = []
    /// `offsets[i]` is the byte offset of scalar `i`; `offsets[count]` is the end.
    var offsets: [Int32] = []
    private(set) var count = 0

    /// Decode valid UTF-8 (the buffers come from Swift strings, so they are valid).
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let capacity = range.count + 1
        if values.count < capacity {
            let size = max(capacity, values.count * 2, 256)
            values = [UInt32](repeating: 0, count: size)
            classes = [ScalarClass](repeating: .other, count: size)
            offsets = [Int32](repeating: 0, count: size)
        }
        var n = 0
        values.withUnsafeMutableBufferPointer { v in
            classes.withUnsafeMutableBufferPointer { c in
                offsets.withUnsafeMutableBufferPointer { o in
                    var i = range.lowerBound
                    let end = range.upperBound
                    while i < end {
                        let b0 = UInt32(bytes[i])
                        var value: UInt32
                        var len: Int
                        if b0 < 0x80 {
                            value = b0; len = 1
                        } else if b0 < 0xE0 {
                            value = (b0 & 0x1F) << 6 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F); len = 2
                        } else if b0 < 0xF0 {
                            value = (b0 & 0x0F) << 12 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F) << 6
                                | (UInt32(bytes[min(i + 2, end - 1)]) & 0x3F); len = 3
                        } else {
                            value = (b0 & 0x07) << 18 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F) << 12
                                | (UInt32(bytes[min(i + 2, end - 1)]) & 0x3F) << 6
                                | (UInt32(bytes[min(i + 3, end - 1)]) & 0x3F)
                            len = 4
                        }
                        v[n] = value
                        c[n] = ScalarClass.of(value)
                        o[n] = Int32(i)
                        n += 1
                        i += len
                    }
                    o[n] = Int32(end)
                }
            }
        }
        count = n
    }
}
