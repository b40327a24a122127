import Support

/// A `RowFilter` ready to run on one thread: its regular expression compiled, its value parsed once.
struct CompiledFilter {
    let filter: RowFilter
    private let regex: Regex<AnyRegexOutput>?
    private let valueKey: CellKey?
    let matcher: ValueMatcher?

    init(_ filter: RowFilter) {
        self.filter = filter
        switch filter.test {
        case .compare(_, let op, let value):
            regex = op == .matches ? try? Regex(value) : nil
            valueKey = CellKey(.string(value))
            matcher = nil
        case .equalsKey:
            regex = nil
            valueKey = nil
            matcher = nil
        case .contains(let text, _):
            regex = nil
            valueKey = nil
            matcher = ValueMatcher(text)
        }
    }

    /// Whether a cell passes (for the tests that read one cell).
    func passes(_ lookup: CellLookup) -> Bool {
        switch filter.test {
        case .equalsKey(_, let key):
            return CellKey(lookup) == key
        case .contains:
            guard case .value(let value) = lookup, let matcher else { return false }
            return matcher.matches(value: value)
        case .compare(_, let op, _):
            let key = CellKey(lookup)
            guard !key.isMissing, let valueKey else { return op == .notEqual }
            switch op {
            case .matches:
                guard let regex else { return false }
                return (try? regex.firstMatch(in: key.text)) != nil
            case .equal: return Self.order(key, valueKey) == 0
            case .notEqual: return Self.order(key, valueKey) != 0
            case .less: return Self.order(key, valueKey) < 0
            case .lessOrEqual: return Self.order(key, valueKey) <= 0
            case .greater: return Self.order(key, valueKey) > 0
            case .greaterOrEqual: return Self.order(key, valueKey) >= 0
            }
        }
    }

    /// Numbers compare as numbers when both sides are numbers, else the texts compare.
    private static func order(_ a: CellKey, _ b: CellKey) -> Int {
        if case .number(let x, _) = a, case .number(let y, _) = b { return x < y ? -1 : (x > y ? 1 : 0) }
        let x = a.text, y = b.text
        return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
    }
}
