import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Case-insensitive substring matching on values, with a raw-byte pre-check.
struct ValueMatcher {
    let needle: String
    let foldedBytes: [UInt8]
    /// Raw bytes can rule a row out only for printable ASCII needles without quotes or backslashes (which files
    /// escape). Rows holding a `\u` escape (or `\/` when the needle has a slash) are always parsed, since an
    /// escape could spell part of the needle. (Unicode case folding that maps non-ASCII letters to ASCII, such as
    /// the Kelvin sign, is not seen by the pre-check.)
    let canPrefilter: Bool
    private let needleHasSlash: Bool

    init(_ text: String) {
        needle = text.lowercased()
        foldedBytes = Array(text.utf8).map(ValueMatcher.fold)
        canPrefilter = !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
        needleHasSlash = text.utf8.contains(UInt8(ascii: "/"))
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// False only when the row cannot match. Folds `raw` in place.
    func rawMayMatch(_ raw: inout [UInt8], format: DatasetFormat) -> Bool {
        let jsonEscapes = format == .jsonl || format == .json
        return raw.withUnsafeMutableBytes { buffer -> Bool in
            if jsonEscapes {
                let unicodeEscape: [UInt8] = [0x5C, UInt8(ascii: "u")]
                let slashEscape: [UInt8] = [0x5C, UInt8(ascii: "/")]
                let risky = unicodeEscape.withUnsafeBytes { ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0) }
                    || needleHasSlash && slashEscape.withUnsafeBytes {
                        ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0)
                    }
                if risky { return true }
            }
            for index in buffer.indices { buffer[index] = ValueMatcher.fold(buffer[index]) }
            return foldedBytes.withUnsafeBytes { ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0) }
        }
    }

    /// Whether `hay` contains `pin`: `memchr` finds candidates for the first byte, then the rest is compared.
    static func contains(_ hay: UnsafeRawBufferPointer, _ pin: UnsafeRawBufferPointer) -> Bool {
        guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return pin.isEmpty }
        guard pin.count <= hay.count else { return false }
        let first = Int32(pin[0])
        var position = 0
        let last = hay.count - pin.count
        while position <= last {
            guard let hit = memchr(hayBase + position, first, last - position + 1) else { return false }
            let at = hayBase.distance(to: UnsafeRawPointer(hit))
            if memcmp(hayBase + at, pinBase, pin.count) == 0 { return true }
            position = at + 1
        }
        return false
    }

    func matches(_ text: String) -> Bool {
        if needle.isEmpty { return true }
        return text.lowercased().contains(needle)
    }

    func matches(value: JSONValue) -> Bool {
        switch value {
        case .null: return matches("null")
        case .bool(let flag): return matches(flag ? "true" : "false")
        case .number(let text): return matches(text)
        case .string(let text): return matches(text)
        case .array(let elements): return elements.contains { matches(value: $0) }
        case .object(let members): return members.contains { matches(value: $0.value) }
        }
    }
}
