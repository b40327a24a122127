/// A hash map from short byte strings to `UInt32`, with keys stored in one arena: the word cache and whole-word
/// vocabulary lookups of BPE run once per pre-token, and `[UInt8]` dictionary keys would allocate on every lookup.
/// Storage is raw memory owned by this object (a class, so a lookup copies and retains nothing). Mutable and owned
/// by one thread (an encoder's word cache, a model being loaded); `frozen()` gives the shareable form.
final class ByteStringMap {
    private typealias Entry = ByteStringTable.Entry

    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount: Int
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    private(set) var count = 0
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int
    private var arenaCount = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotCount = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        entryCapacity = size / 2
        entries = .allocate(capacity: entryCapacity)
        arenaCapacity = max(1024, capacity * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        arena.deallocate()
    }

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
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[slot])
            if e < 0 { return nil }
            let entry = entries[e]
            if entry.hash == h && Int(entry.keyLength) == key.count {
                if key.count == 0 || memcmpEqual(arena + Int(entry.keyStart), key.baseAddress!, key.count) {
                    return entry.value
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Replace the value of a key that is present.
    func update(_ key: UnsafeBufferPointer<UInt8>, _ value: UInt32) {
        let h = Self.hash(key)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[slot])
            if e < 0 { return }
            if entries[e].hash == h && Int(entries[e].keyLength) == key.count
                && (key.count == 0 || memcmpEqual(arena + Int(entries[e].keyStart), key.baseAddress!, key.count)) {
                entries[e].value = value
                return
            }
            slot = (slot + 1) & mask
        }
    }

    func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: UInt32) {
        insert(key, hash: Self.hash(key), value)
    }

    /// Insert a key that is not present yet (callers look it up first).
    func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > slotCount { grow() }
        if arenaCount + key.count > arenaCapacity {
            let newCapacity = max(arenaCapacity * 2, arenaCount + key.count)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = bigger
            arenaCapacity = newCapacity
        }
        if let base = key.baseAddress, key.count > 0 { (arena + arenaCount).update(from: base, count: key.count) }
        entries[count] = Entry(hash: h, keyStart: Int32(arenaCount), keyLength: Int32(key.count), value: value)
        arenaCount += key.count
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(count)
        count += 1
    }

    func removeAll() {
        slots.update(repeating: -1, count: slotCount)
        count = 0
        arenaCount = 0
    }

    /// An immutable copy that threads can share.
    func frozen() -> ByteStringTable {
        ByteStringTable(slots: Array(UnsafeBufferPointer(start: slots, count: slotCount)),
                        entries: Array(UnsafeBufferPointer(start: entries, count: count)),
                        arena: Array(UnsafeBufferPointer(start: arena, count: arenaCount)))
    }

    private func grow() {
        let size = slotCount * 2
        slots.deallocate()
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        slotCount = size
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: size / 2)
        bigger.update(from: entries, count: count)
        entries.deallocate()
        entries = bigger
        entryCapacity = size / 2
        let mask = size - 1
        for e in 0..<count {
            var slot = Int(truncatingIfNeeded: entries[e].hash) & mask
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
