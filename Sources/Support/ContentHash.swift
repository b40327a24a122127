/// A 128-bit content hash (two FNV-1a passes with different offsets) as 32 hex digits: the key of a cached score.
/// Not cryptographic; a collision between two texts of one dataset is astronomically unlikely (about n²/2¹²⁹).
public enum ContentHash {
    public static func hex<S: Sequence>(_ parts: [S]) -> String where S.Element == UInt8 {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for part in parts {
            for byte in part {
                a = (a ^ UInt64(byte)) &* 0x100000001b3
                b = (b ^ UInt64(byte ^ 0x5c)) &* 0x100000001b3
            }
            // A separator, so that ("ab", "c") and ("a", "bc") differ.
            a = (a ^ 0xff) &* 0x100000001b3
            b = (b ^ 0xa3) &* 0x100000001b3
        }
        return hex64(a) + hex64(b)
    }

    public static func hex(_ strings: String...) -> String { hex(strings.map { Array($0.utf8) }) }

    static func hex64(_ x: UInt64) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
