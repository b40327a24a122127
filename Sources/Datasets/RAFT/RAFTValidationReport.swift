import Foundation

/// What `loom raft validate` found in a file: a count and the record lines for every `RAFTReportKey`, the oracle
/// ratio, the longest record in tokens when a model was given, and the rows that could not be read. Built one record
/// at a time by `RAFTValidator`, so a large file is checked in one pass with little memory.
public struct RAFTValidationReport: Sendable {
    public var path: String?
    public var schema: RAFTSchema?
    /// The oracle probability P the data was built with, when the user says (gorilla does not record it).
    public var builtWithP: Double?
    public private(set) var counts: [RAFTReportKey: Int] = [:]
    /// 1-based lines, ascending, each listed once per key.
    public private(set) var lines: [RAFTReportKey: [Int]] = [:]
    /// Errors of unreadable rows, in file order.
    public private(set) var errors: [RAFTRecordError] = []
    /// For each record whose question appeared earlier, the line where it first appeared.
    public private(set) var duplicateOf: [Int: Int] = [:]
    public var contextLength: Int?
    public private(set) var longestTokens: Int?

    public init(path: String? = nil, schema: RAFTSchema? = nil, builtWithP: Double? = nil) {
        self.path = path
        self.schema = schema
        self.builtWithP = builtWithP
    }

    public func count(_ key: RAFTReportKey) -> Int { counts[key] ?? 0 }
    public func lines(_ key: RAFTReportKey) -> [Int] { lines[key] ?? [] }

    /// Present over present + absent, among records whose oracle could be told.
    public var oracleRatio: Double? {
        let known = count(.oraclePresent) + count(.oracleAbsent)
        return known == 0 ? nil : Double(count(.oraclePresent)) / Double(known)
    }

    /// Whether any count is a problem with the data.
    public var hasProblems: Bool { RAFTReportKey.allCases.contains { $0.isProblem && count($0) > 0 } }

    mutating func note(_ key: RAFTReportKey, line: Int, by amount: Int = 1) {
        guard amount > 0 else { return }
        counts[key, default: 0] += amount
        if lines[key]?.last != line { lines[key, default: []].append(line) }
    }

    mutating func noteError(_ error: RAFTRecordError) {
        note(.records, line: error.line)
        note(.unreadable, line: error.line)
        errors.append(error)
    }

    mutating func noteDuplicate(line: Int, firstLine: Int) {
        duplicateOf[line] = firstLine
        note(.duplicateQuestions, line: line)
    }

    mutating func noteTokens(_ tokens: Int) {
        longestTokens = max(longestTokens ?? 0, tokens)
    }

    // MARK: Output

    /// The report as one JSON object: `file`, `schema`, every key's count and `<key>_lines`, `oracle_ratio`, and
    /// `p`, `context_length`, `max_tokens` when known. Keys are in a fixed order so that output can be diffed.
    public var json: String {
        var members: [String] = []
        func add(_ key: String, _ value: String) { members.append("\"\(key)\": \(value)") }
        add("file", path.map { JSONFormatter.compact(.string($0)) } ?? "null")
        add("schema", schema.map { "\"\($0.rawValue)\"" } ?? "null")
        for key in RAFTReportKey.allCases where key != .tooLong || contextLength != nil {
            add(key.rawValue, "\(count(key))")
            add(key.rawValue + "_lines", "[" + lines(key).map(String.init).joined(separator: ", ") + "]")
        }
        add("oracle_ratio", oracleRatio.map { String(format: "%.4f", $0) } ?? "null")
        if let builtWithP { add("p", String(format: "%g", builtWithP)) }
        if let contextLength { add("context_length", "\(contextLength)") }
        if contextLength != nil { add("max_tokens", longestTokens.map(String.init) ?? "null") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// The report for a person: one line per count with up to `maxLines` record lines, then the first errors.
    public func text(maxLines: Int = 12) -> String {
        var out = "\(path ?? "RAFT data"): \(count(.records)) records"
        out += schema.map { ", \($0.summary)" } ?? ", not recognised as RAFT data"
        out += "\n"
        for key in RAFTReportKey.allCases where key != .records {
            if key == .tooLong && contextLength == nil { continue }
            let n = count(key)
            var row = "  " + key.label.padding(toLength: 40, withPad: " ", startingAt: 0)
                + String(n).leftPadded(to: 6)
            let keyLines = lines(key)
            if !keyLines.isEmpty && key != .quotes && key != .oraclePresent && key != .quotesInOracle {
                row += "  line" + (keyLines.count == 1 ? " " : "s ")
                row += keyLines.prefix(maxLines).map(String.init).joined(separator: ", ")
                if keyLines.count > maxLines { row += ", … \(keyLines.count - maxLines) more" }
            }
            if key == .oracleAbsent, let ratio = oracleRatio {
                row += String(format: "  (oracle ratio %.2f", ratio)
                row += builtWithP.map { String(format: "; built with P = %g)", $0) } ?? ")"
            }
            out += row + "\n"
        }
        if let contextLength {
            out += "  longest record: \(longestTokens.map(String.init) ?? "–") tokens of a \(contextLength)-token context\n"
        }
        for error in errors.prefix(maxLines) { out += "  error: \(error)\n" }
        if errors.count > maxLines { out += "  … \(errors.count - maxLines) more errors\n" }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
