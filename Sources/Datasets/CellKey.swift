import Support

/// A cell reduced to what sorting, filtering and frequency counting compare: a number (JSON numbers, and text that
/// reads as one, such as a CSV cell or `"2"`), text, or nothing (missing, null, or a malformed row). One type for
/// all three, so that `F` then Enter filters to exactly the rows the frequency table counted.
public enum CellKey: Sendable, Hashable {
    case number(Double, text: String)
    case text(String)
    case missing

    /// Longer text is cut to this many bytes: sort order and frequency keys beyond it are not worth the memory.
    public static let maximumTextBytes = 4096

    public init(_ lookup: CellLookup) {
        switch lookup {
        case .missing, .malformed: self = .missing
        case .value(let value): self.init(value)
        }
    }

    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .missing
        case .number(let text): self = Double(text).map { .number($0, text: text) } ?? .text(text)
        case .string(let text):
            if let number = CellKey.number(in: text) {
                self = .number(number, text: text)
            } else {
                self = .text(JSONFormatter.cellText(value, maxBytes: Self.maximumTextBytes))
            }
        default: self = .text(JSONFormatter.cellText(value, maxBytes: Self.maximumTextBytes))
        }
    }

    /// The number that `text` spells, when it spells only one (no "nan", "inf" or blanks).
    static func number(in text: String) -> Double? {
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39),
              let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// The text shown for this key (in the frequency table, and compared by `==`).
    public var text: String {
        switch self {
        case .number(_, let text): return text
        case .text(let text): return text
        case .missing: return ""
        }
    }

    public var isMissing: Bool { self == .missing }

    /// Sort order: numbers by value, then text by its bytes, then missing values, which stay last whichever the
    /// direction. Returns true when `a` goes before `b`.
    public static func precedes(_ a: CellKey, _ b: CellKey, descending: Bool) -> Bool {
        switch (a, b) {
        case (.missing, _): return false
        case (_, .missing): return true
        case (.number(let x, _), .number(let y, _)): return descending ? x > y : x < y
        case (.text(let x), .text(let y)): return descending ? y.utf8.lexicographicallyPrecedes(x.utf8)
                                                              : x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.number, .text): return !descending
        case (.text, .number): return descending
        }
    }
}
