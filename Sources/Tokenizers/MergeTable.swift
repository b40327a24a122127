/// The merge table: (left id, right id) → (rank, merged id), open addressing on a packed 64-bit key.
struct MergeTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private let mask: Int
    private static let empty = UInt64.max

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// Insert or overwrite (a later merge of the same pair wins, as in HF's HashMap).
    mutating func set(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32) {
        let key = UInt64(left) << 32 | UInt64(right)
        var s = Self.slot(key, mask)
        while keys[s] != Self.empty && keys[s] != key { s = (s + 1) & mask }
        keys[s] = key
        values[s] = UInt64(rank) << 32 | UInt64(merged)
    }

    /// `(rank << 32) | merged`, or nil.
    @inline(__always) func get(_ left: UInt32, _ right: UInt32) -> UInt64? {
        let key = UInt64(left) << 32 | UInt64(right)
        return keys.withUnsafeBufferPointer { k in
            var s = Self.slot(key, mask)
            while true {
                let found = k[s]
                if found == key { return values[s] }
                if found == Self.empty { return nil }
                s = (s + 1) & mask
            }
        }
    }
}
