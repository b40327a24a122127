import Foundation

/// A value in a TOML file (run configurations, CURATE.toml): strings, integers, floats, booleans and arrays.
public enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])

    /// The value written as TOML, so a resolved configuration can be saved and read back unchanged.
    public var description: String {
        switch self {
        case .string(let s): return TOMLValue.quote(s)
        case .integer(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d > 0 ? "inf" : "-inf" }
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .bool(let b): return b ? "true" : "false"
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The kind of value in words, for error messages.
    public var kindName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case .array: return "an array"
        }
    }

    /// A TOML basic string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// One key's value and the line it was written on.
public struct TOMLEntry: Sendable, Equatable {
    public var value: TOMLValue
    /// 1-based line of the key.
    public var line: Int
}

/// A syntax error or an unsupported TOML feature, with its place.
public struct TOMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// The subset of TOML that run configurations use, parsed into a flat map from dotted key paths
/// (`training.learning_rate`) to values with their line numbers.
///
/// Supported: `[table]` and `[dotted.table]` headers, bare and quoted keys, dotted keys, basic (`"…"`, with escapes)
/// and literal (`'…'`) strings, decimal integers (with `_`), floats (`1.5`, `2e-4`, `inf`, `nan`), booleans, and
/// arrays (which may span lines and hold a trailing comma). Anything else (inline tables, arrays of tables,
/// multi-line strings, dates, hex/octal numbers) is refused with its line, never misread.
public struct TOMLDocument: Sendable, Equatable {
    /// Values by full dotted key.
    public private(set) var entries: [String: TOMLEntry] = [:]
    /// Keys in the order they appear.
    public private(set) var orderedKeys: [String] = []

    public init() {}

    public init(text: String) throws {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        try parser.parseDocument(into: &self)
    }

    public subscript(key: String) -> TOMLEntry? { entries[key] }

    mutating func set(_ key: String, _ entry: TOMLEntry) throws {
        if entries[key] != nil {
            throw TOMLSyntaxError(line: entry.line, message: "'\(key)' is defined twice (first on line \(entries[key]!.line))")
        }
        entries[key] = entry
        orderedKeys.append(key)
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func fail(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, message: message) }

        mutating func advance() {
            if current == "\n" { line += 1 }
            index += 1
        }

        mutating func skipSpaces() {
            while let c = current, c == " " || c == "\t" { advance() }
        }

        /// Skips spaces, comments and newlines (inside arrays and between statements).
        mutating func skipBlank() {
            while let c = current {
                if c == " " || c == "\t" || c == "\n" || c == "\r" { advance() } else if c == "#" { skipComment() } else { break }
            }
        }

        mutating func skipComment() {
            while let c = current, c != "\n" { advance() }
        }

        /// After a statement: only spaces and a comment may follow on the line.
        mutating func endOfLine() throws {
            skipSpaces()
            if current == "#" { skipComment() }
            if current == "\r" { advance() }
            guard current == nil || current == "\n" else {
                throw fail("unexpected '\(current!)' after the value; one key = value per line")
            }
        }

        mutating func parseDocument(into document: inout TOMLDocument) throws {
            var table: [String] = []
            var tablesSeen = Set<String>()
            while true {
                skipBlank()
                guard let c = current else { return }
                if c == "[" {
                    advance()
                    if current == "[" { throw fail("arrays of tables ([[…]]) are not supported in run configurations") }
                    skipSpaces()
                    table = try parseKey()
                    skipSpaces()
                    guard current == "]" else { throw fail("expected ']' to close the table header") }
                    advance()
                    let name = table.joined(separator: ".")
                    guard tablesSeen.insert(name).inserted else { throw fail("table [\(name)] is defined twice") }
                    try endOfLine()
                } else {
                    let keyLine = line
                    let key = try parseKey()
                    skipSpaces()
                    guard current == "=" else { throw fail("expected '=' after the key '\(key.joined(separator: "."))'") }
                    advance()
                    skipSpaces()
                    let value = try parseValue()
                    try endOfLine()
                    try document.set((table + key).joined(separator: "."), TOMLEntry(value: value, line: keyLine))
                }
            }
        }

        /// A bare, quoted or dotted key.
        mutating func parseKey() throws -> [String] {
            var parts: [String] = []
            while true {
                skipSpaces()
                guard let c = current else { throw fail("expected a key") }
                if c == "\"" {
                    parts.append(try parseBasicString())
                } else if c == "'" {
                    parts.append(try parseLiteralString())
                } else {
                    var name = ""
                    while let c = current, c.properties.isASCIIHexDigit || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
                            || c == "_" || c == "-" || ("0"..."9").contains(c) {
                        name.unicodeScalars.append(c)
                        advance()
                    }
                    guard !name.isEmpty else { throw fail("expected a key, found '\(c)'") }
                    parts.append(name)
                }
                skipSpaces()
                if current == "." { advance() } else { return parts }
            }
        }

        mutating func parseValue() throws -> TOMLValue {
            guard let c = current else { throw fail("expected a value") }
            switch c {
            case "\"":
                if index + 2 < scalars.count, scalars[index + 1] == "\"", scalars[index + 2] == "\"" {
                    throw fail("multi-line strings (\"\"\") are not supported; use \\n inside a \"…\" string")
                }
                return .string(try parseBasicString())
            case "'":
                if index + 2 < scalars.count, scalars[index + 1] == "'", scalars[index + 2] == "'" {
                    throw fail("multi-line literal strings (''') are not supported")
                }
                return .string(try parseLiteralString())
            case "[":
                advance()
                var items: [TOMLValue] = []
                while true {
                    skipBlank()
                    if current == "]" { advance(); return .array(items) }
                    items.append(try parseValue())
                    skipBlank()
                    if current == "," { advance(); continue }
                    guard current == "]" else { throw fail("expected ',' or ']' in the array") }
                    advance()
                    return .array(items)
                }
            case "{":
                throw fail("inline tables ({…}) are not supported; write a [table] with one key per line")
            default:
                var word = ""
                while let c = current, !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "#") {
                    word.unicodeScalars.append(c)
                    advance()
                }
                return try scalarValue(word)
            }
        }

        func scalarValue(_ word: String) throws -> TOMLValue {
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "inf", "+inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            case "": throw fail("expected a value")
            default: break
            }
            if word.hasPrefix("0x") || word.hasPrefix("0o") || word.hasPrefix("0b") {
                throw fail("'\(word)': hexadecimal, octal and binary numbers are not supported; write it in decimal")
            }
            if word.contains(":") || (word.filter { $0 == "-" }.count >= 2 && !word.contains("e") && !word.contains("E")) {
                throw fail("'\(word)': dates and times are not supported")
            }
            let digits = word.replacingOccurrences(of: "_", with: "")
            let numeric = digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }
            if numeric, !digits.isEmpty {
                if !digits.contains("."), !digits.contains("e"), !digits.contains("E") {
                    if let i = Int(digits) { return .integer(i) }
                    throw fail("'\(word)' is not an integer TOML can hold (64-bit)")
                }
                if let d = Double(digits), !digits.hasSuffix("."), !digits.hasPrefix("."), !digits.hasPrefix("-.") {
                    return .float(d)
                }
            }
            throw fail("'\(word)' is not a value; strings need quotes, e.g. \"\(word)\"")
        }

        mutating func parseBasicString() throws -> String {
            advance() // opening quote
            var out = ""
            while true {
                guard let c = current, c != "\n" else { throw fail("unterminated string; close it with \" on the same line") }
                advance()
                if c == "\"" { return out }
                if c != "\\" { out.unicodeScalars.append(c); continue }
                guard let e = current else { throw fail("unterminated escape") }
                advance()
                switch e {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "b": out += "\u{8}"
                case "f": out += "\u{C}"
                case "\"": out += "\""
                case "\\": out += "\\"
                case "u", "U":
                    let length = e == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<length {
                        guard let h = current, h.properties.isASCIIHexDigit else { throw fail("\\\(e) needs \(length) hex digits") }
                        hex.unicodeScalars.append(h)
                        advance()
                    }
                    guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw fail("\\\(e)\(hex) is not a Unicode scalar")
                    }
                    out.unicodeScalars.append(scalar)
                default:
                    throw fail("unknown escape '\\\(e)' in a string; write a backslash as \\\\")
                }
            }
        }

        mutating func parseLiteralString() throws -> String {
            advance()
            var out = ""
            while true {
                guard let c = current, c != "\n" else { throw fail("unterminated string; close it with ' on the same line") }
                advance()
                if c == "'" { return out }
                out.unicodeScalars.append(c)
            }
        }
    }
}
