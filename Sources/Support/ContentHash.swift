/// A 128-bit content hash (two FNV-1a passes with different offsets) as 32 hex digits: the key of a cached score,
/// of a cached tokenization. Not cryptographic; a collision between two texts of one dataset is astronomically
/// unlikely (about n²/2¹²⁹). Shared by the detector's score cache and the runs' tokenized-data cache.
public enum ContentHash {
    public static func hex<S: Sequence>(_ parts: [S]) -> String where S.Element == UInt8 {
        var hasher = Hasher()
        for part in parts {
            for byte in part { hasher.add(byte) }
            hasher.endPart()
        }
        return hasher.hex
    }

    public static func hex(_ strings: String...) -> String { hex(strings.map { Array($0.utf8) }) }

    /// The same hash fed piece by piece: a file read in chunks hashes as its whole bytes would.
    public struct Hasher: Sendable {
        private var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4

        public init() {}

        @inline(__always)
        public mutating func add(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte ^ 0x5c)) &* 0x100000001b3
        }

        public mutating func add(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { add(byte) }
        }

        /// A separator, so that ("ab", "c") and ("a", "bc") differ.
        public mutating func endPart() {
            a = (a ^ 0xff) &* 0x100000001b3
            b = (b ^ 0xa3) &* 0x100000001b3
        }

        public var hex: String { ContentHash.hex64(a) + ContentHash.hex64(b) }
    }

    static func hex64(_ x: UInt64) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
