/// A frozen `ByteStringMap`: the vocabulary and whole-word lookups of a `BPEModel`, which every thread that encodes
/// shares. Arrays rather than raw memory make it `Sendable` by construction (no `@unchecked`); a lookup reads them
/// through unsafe buffer pointers, as `MergeTable` does, so it copies and retains nothing either.
struct ByteStringTable: Sendable {
    /// One key: its hash, where its bytes lie in the arena, and its value.
    struct Entry: Sendable {
        var hash: UInt64
        var keyStart: Int32
        var keyLength: Int32
        var value: UInt32
    }

    /// Open addressing: an entry index per slot, -1 when empty; the slot count is a power of two.
    private let slots: [Int32]
    private let entries: [Entry]
    private let arena: [UInt8]

    init(slots: [Int32], entries: [Entry], arena: [UInt8]) {
        precondition(slots.count > 0 && slots.count & (slots.count - 1) == 0, "slot count must be a power of two")
        self.slots = slots
        self.entries = entries
        self.arena = arena
    }

    var count: Int { entries.count }

    func find(_ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        find(key, hash: ByteStringMap.hash(key))
    }

    func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let e = Int(slots[slot])
                        if e < 0 { return nil }
                        let entry = entries[e]
                        if entry.hash == h && Int(entry.keyLength) == key.count {
                            if key.count == 0
                                || memcmpEqual(arena.baseAddress! + Int(entry.keyStart), key.baseAddress!, key.count) {
                                return entry.value
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }
}
