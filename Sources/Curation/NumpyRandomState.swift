/// NumPy's legacy `RandomState(seed)` as far as datatrove's MinHash uses it: the Mersenne Twister (MT19937, seeded
/// as NumPy seeds it from an integer) and `randint(low, high, dtype=uint64)`, which draws 64 bits (high word first)
/// and rejects values above the range under a bit mask. datatrove draws its 112 hash permutations this way from
/// seed 1, so Loom's signatures are the same numbers as datatrove's.
struct NumpyRandomState {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    mutating func next32() -> UInt32 {
        if position >= 624 {
            for k in 0..<624 {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 1 ? 0x9908_B0DF : 0)
            }
            position = 0
        }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `randint(low, high, dtype=np.uint64)` for a range wider than 32 bits: `low + v`, v masked and rejected.
    mutating func uint64(low: UInt64, high: UInt64) -> UInt64 {
        let range = high - 1 - low
        var mask = range
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        while true {
            let high32 = UInt64(next32())
            let value = ((high32 << 32) | UInt64(next32())) & mask
            if value <= range { return low + value }
        }
    }
}
