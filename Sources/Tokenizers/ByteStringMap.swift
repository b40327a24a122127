/// A hash map from short byte strings to `UInt32`, with keys stored in one arena: the word cache and whole-word
/// vocabulary lookups of BPE run once per pre-token, and `[UInt8]` dictionary keys would allocate on every lookup.
struct ByteStringMap {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keyStarts: [Int32] = []
    private var keyLengths: [Int32] = []
    private(set) var values: [UInt32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { values.count }
    var arenaBytes: Int { arena.count }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = p.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        guard let base = p.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    func find(_ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        find(key, hash: Self.hash(key))
    }

    func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> UInt32? {
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { s in
            arena.withUnsafeBufferPointer { a in
                while true {
                    let e = Int(s[slot])
                    if e < 0 { return nil }
                    if hashes[e] == h && Int(keyLengths[e]) == key.count {
                        let start = Int(keyStarts[e])
                        if key.count == 0 || memcmpEqual(a.baseAddress! + start, key.baseAddress!, key.count) {
                            return values[e]
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: UInt32) {
        insert(key, hash: Self.hash(key), value)
    }

    /// Insert a key that is not present yet (callers look it up first).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, _ value: UInt32) {
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = Int32(values.count)
        hashes.append(h)
        keyStarts.append(Int32(arena.count))
        keyLengths.append(Int32(key.count))
        values.append(value)
        arena.append(contentsOf: key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = e
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = -1 }
        hashes.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
        keyLengths.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for e in 0..<values.count {
            var slot = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e)
        }
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
            != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

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
