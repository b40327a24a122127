import Support

/// Writes edited values back into the text of a TOML run configuration, touching only their lines: comments,
/// blank lines, key order and the way every other value is written stay as the user left them. A key already in
/// the file has its value replaced on its line (a trailing comment is kept); a new key goes at the end of its
/// `[table]` (which is added when missing), or before the first table for a top-level key. The result is parsed
/// again and checked, so an edit that cannot be placed is refused rather than written wrong.
public enum TOMLRewrite {
    /// Why the edits could not be written into the text.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var problem: String
        public var description: String { "cannot write \(key): \(problem)" }
    }

    /// `text` with each key set to its value, given as TOML (`16`, `"data/train.jsonl"`, `[1, 2]`).
    public static func apply(_ edits: [(key: String, toml: String)], to text: String) throws -> String {
        let original: TOMLDocument
        do { original = try TOMLDocument(text: text) } catch {
            throw Failure(key: edits.first?.key ?? "", problem: "the file no longer parses (\(error))")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Edits of keys in the file first, by line, so that inserted lines do not shift lines still to edit.
        var newKeys: [(key: String, toml: String)] = []
        for edit in edits {
            guard let entry = original[edit.key] else { newKeys.append(edit); continue }
            let index = entry.line - 1
            guard lines.indices.contains(index), let replaced = replaceValue(in: lines[index], with: edit.toml) else {
                throw Failure(key: edit.key, problem: "its value on line \(entry.line) is not on one line; edit the file")
            }
            lines[index] = replaced
        }
        for edit in newKeys { insert(edit, into: &lines) }
        let result = lines.joined(separator: "\n")
        // Check: every edited key holds its new value, every other key its old one.
        let written: TOMLDocument
        do { written = try TOMLDocument(text: result) } catch {
            throw Failure(key: edits.first?.key ?? "", problem: "the result would not parse (\(error))")
        }
        for edit in edits {
            let expected = try? TOMLDocument(text: "v = " + edit.toml)["v"]?.value
            guard let expected, written[edit.key]?.value == expected else {
                throw Failure(key: edit.key, problem: "the value \(edit.toml) did not read back")
            }
        }
        for key in original.orderedKeys where !edits.contains(where: { $0.key == key }) {
            guard written[key]?.value == original[key]?.value else {
                throw Failure(key: key, problem: "another key would change")
            }
        }
        return result
    }

    /// `key = old  # note` with the value replaced; nil when the value does not end on this line.
    static func replaceValue(in line: String, with toml: String) -> String? {
        let characters = Array(line)
        // The `=` after the key (quoted keys may hold one).
        var index = 0
        var quote: Character?
        while index < characters.count {
            let c = characters[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                break
            }
            index += 1
        }
        guard index < characters.count else { return nil }
        let valueStart = index + 1
        // The value ends at a comment outside strings, or at the end of the line.
        var end = valueStart
        quote = nil
        var escaped = false
        var depth = 0
        while end < characters.count {
            let c = characters[end]
            if let open = quote {
                if escaped { escaped = false } else if c == "\\" && open == "\"" { escaped = true } else if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
            } else if c == "#" {
                break
            }
            end += 1
        }
        guard quote == nil, depth == 0 else { return nil }
        let key = String(characters[..<index]).trimmingTrailingSpaces()
        let comment = String(characters[end...])
        let oldValue = String(characters[valueStart..<end])
        let gap = oldValue.reversed().prefix { $0 == " " || $0 == "\t" }.count
        let spacing = comment.isEmpty ? "" : String(repeating: " ", count: max(1, gap))
        return "\(key) = \(toml)\(spacing)\(comment)"
    }

    /// Adds `key = value` at the end of its table, adding the table when the file has none.
    static func insert(_ edit: (key: String, toml: String), into lines: inout [String]) {
        let parts = edit.key.split(separator: ".").map(String.init)
        let table = parts.dropLast().joined(separator: ".")
        let line = "\(parts.last ?? edit.key) = \(edit.toml)"
        let headers = lines.indices.filter { lines[$0].trimmingLeadingSpaces().hasPrefix("[") }
        func header(_ index: Int) -> String {
            let text = lines[index].trimmingLeadingSpaces()
            guard let close = text.firstIndex(of: "]") else { return "" }
            return text[text.index(after: text.startIndex)..<close].split(separator: ".")
                .map { $0.trimmingLeadingSpaces().trimmingTrailingSpaces() }.joined(separator: ".")
        }
        if table.isEmpty {
            let end = headers.first ?? lines.count
            lines.insert(line, at: lastContent(before: end, after: -1, in: lines) + 1)
            return
        }
        guard let start = headers.first(where: { header($0) == table }) else {
            while lines.last?.isEmpty == true { lines.removeLast() }
            lines += ["", "[\(table)]", line, ""]
            return
        }
        let end = headers.first { $0 > start } ?? lines.count
        lines.insert(line, at: lastContent(before: end, after: start, in: lines) + 1)
    }

    /// The last line before `end` (and after `start`) that is not blank.
    private static func lastContent(before end: Int, after start: Int, in lines: [String]) -> Int {
        var index = end - 1
        while index > start, lines[index].trimmingLeadingSpaces().isEmpty { index -= 1 }
        return index
    }
}

private extension StringProtocol {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }) }
    func trimmingTrailingSpaces() -> String {
        String(String(reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
