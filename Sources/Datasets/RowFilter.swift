import Foundation
import Support

/// One condition a row must meet to stay in a filtered view: a comparison of a column with a value
/// (`meta.turns == 2`, `text ~ ^Hello`), a value equal to a frequency-table entry, or a search text found in the row
/// (or one column). Filters stack: a view shows the rows that meet every one.
public struct RowFilter: Sendable, Hashable, CustomStringConvertible {
    public enum Test: Sendable, Hashable {
        case compare(Column, FilterOperator, String)
        /// The column's value is exactly this key (what the frequency table counted, missing included).
        case equalsKey(Column, CellKey)
        /// The search text, case-insensitive, in any value (or one column's).
        case contains(String, Column?)
    }

    public var test: Test

    public init(_ test: Test) {
        self.test = test
    }

    /// Why a filter could not be made: the text typed and what is wrong with it.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var input: String
        public var problem: String
        public var description: String { "cannot filter by “\(input)”: \(problem)" }
    }

    /// Parses `COLUMN OP VALUE` (`meta.turns == 2`, `model ~ ^Smol`): the first operator splits the column from the
    /// value; quotes around the value are dropped. `columns` resolves the name (dotted names of nested keys).
    public static func parse(_ input: String, columns: [Column]) throws -> RowFilter {
        let text = input.trimmingCharacters(in: .whitespaces)
        guard let (range, op) = firstOperator(in: text) else {
            throw ParseError(input: input, problem: "no operator; use one of == != < <= > >= ~")
        }
        let name = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        var value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ParseError(input: input, problem: "no column before \(op.rawValue)") }
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        guard let column = columns.first(where: { $0.name == name }) else {
            throw ParseError(input: input, problem: "no column named \(name)")
        }
        if op == .matches {
            do { _ = try Regex(value) } catch {
                throw ParseError(input: input, problem: "not a regular expression: \(value)")
            }
        }
        return RowFilter(.compare(column, op, value))
    }

    private static func firstOperator(in text: String) -> (Range<String.Index>, FilterOperator)? {
        var index = text.startIndex
        while index < text.endIndex {
            for op in FilterOperator.allCases where text[index...].hasPrefix(op.rawValue) {
                return (index..<text.index(index, offsetBy: op.rawValue.count), op)
            }
            index = text.index(after: index)
        }
        return nil
    }

    public var description: String {
        switch test {
        case .compare(let column, let op, let value): return "\(column.name) \(op.rawValue) \(value)"
        case .equalsKey(let column, let key): return key.isMissing ? "\(column.name) is missing" : "\(column.name) == \(key.text)"
        case .contains(let text, let column): return "/\(text)" + (column.map { " in \($0.name)" } ?? "")
        }
    }

    /// The columns whose cells the filter reads (none: it reads the whole row).
    var column: Column? {
        switch test {
        case .compare(let column, _, _), .equalsKey(let column, _): return column
        case .contains(_, let column): return column
        }
    }
}
