/// datatrove's MinHash signature, FineWeb's setting: the document is simplified (`TextSimplifier`), cut into words,
/// and every run of `nGrams` words (joined by spaces) is hashed with XXH64 into a shingle. Each of bands × hashes
/// permutations maps a shingle s to `(s·a + b mod 2^64) mod (2^61 − 1)` — the product wraps at 64 bits first, as
/// NumPy's uint64 arithmetic does — with a and b drawn from NumPy's RandomState(seed); the signature is the minimum
/// of each over the shingles. Documents with fewer than `nGrams` words have no signature (datatrove skips them).
public struct MinHasher: Sendable {
    public var nGrams = 5
    public var bands = 14
    public var hashesPerBand = 8
    public var seed: UInt32 = 1
    static let mersennePrime: UInt64 = (1 << 61) - 1

    public let multipliers: [UInt64]
    public let offsets: [UInt64]

    public init(nGrams: Int = 5, bands: Int = 14, hashesPerBand: Int = 8, seed: UInt32 = 1) {
        self.nGrams = nGrams
        self.bands = bands
        self.hashesPerBand = hashesPerBand
        self.seed = seed
        var random = NumpyRandomState(seed: seed)
        let count = bands * hashesPerBand
        multipliers = (0..<count).map { _ in random.uint64(low: 1, high: Self.mersennePrime) }
        offsets = (0..<count).map { _ in random.uint64(low: 0, high: Self.mersennePrime) }
    }

    /// The shingles (XXH64 of each word n-gram) of a document.
    public func shingles(_ text: String) -> [UInt64] {
        let words = TextSimplifier.words(TextSimplifier.simplify(text))
        guard words.count >= nGrams else { return [] }
        var shingles: [UInt64] = []
        shingles.reserveCapacity(words.count - nGrams + 1)
        for start in 0...(words.count - nGrams) {
            shingles.append(XXHash64.hash(words[start..<(start + nGrams)].joined(separator: " ")))
        }
        return shingles
    }

    /// bands × hashesPerBand minima, band after band; nil for a document without shingles.
    public func signature(_ text: String) -> [UInt64]? {
        let shingles = shingles(text)
        guard !shingles.isEmpty else { return nil }
        var minima = [UInt64](repeating: .max, count: multipliers.count)
        for shingle in shingles {
            for i in 0..<minima.count {
                let value = (shingle &* multipliers[i] &+ offsets[i]) % Self.mersennePrime
                if value < minima[i] { minima[i] = value }
            }
        }
        return minima
    }
}
