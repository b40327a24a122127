import Foundation

/// A theme: a style for every role. Loaded from the text files in `Themes/` (format in `Themes/README.md`):
///
///     # comment
///     name = Dark
///     text = #d0d0d0
///     selection = #ffffff on #3a3a6a bold
///
/// Roles a file leaves out fall back to `text`, so a small theme file is still complete.
public struct Theme: Sendable {
    public var name: String
    public var styles: [StyleRole: RoleStyle]
    /// The file name without `.theme`, when loaded from a file: what `--theme` and `:theme` accept.
    public var fileStem: String?

    public init(name: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public subscript(role: StyleRole) -> RoleStyle {
        styles[role] ?? styles[.text] ?? RoleStyle()
    }

    /// The built-in fallback used when no theme file can be found: terminal colours with attributes only, so it
    /// reads on any background.
    public static let builtIn = Theme(name: "builtin", styles: [
        .text: RoleStyle(),
        .muted: RoleStyle(attributes: .dim),
        .accent: RoleStyle(attributes: .bold),
        .selection: RoleStyle(attributes: .reverse),
        .warning: RoleStyle(foreground: .ansi(3), attributes: .bold),
        .error: RoleStyle(foreground: .ansi(1), attributes: .bold),
        .success: RoleStyle(foreground: .ansi(2)),
        .header: RoleStyle(attributes: [.bold, .underline]),
        .title: RoleStyle(attributes: .bold),
        .statusBar: RoleStyle(attributes: .reverse),
        .statusAccent: RoleStyle(attributes: [.reverse, .bold]),
        .overlay: RoleStyle(),
        .highlight: RoleStyle(attributes: [.bold, .underline]),
        .malformed: RoleStyle(foreground: .ansi(1)),
        .flagged: RoleStyle(foreground: .ansi(3)),
    ])

    /// Parses a theme file's text. `source` names the file in errors.
    public static func parse(_ text: String, source: String) throws -> Theme {
        var name = (source as NSString).lastPathComponent
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        var styles: [StyleRole: RoleStyle] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let trimmed = stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ThemeError(source: source, line: lineNumber, problem: "expected `role = colour …`, found `\(trimmed)`")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key == "name" {
                name = value
                continue
            }
            guard let role = StyleRole(rawValue: key) else {
                let known = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(source: source, line: lineNumber, problem: "unknown role `\(key)`; roles are \(known)")
            }
            styles[role] = try parseStyle(value, source: source, line: lineNumber)
        }
        if styles[.text] == nil { styles[.text] = RoleStyle() }
        return Theme(name: name, styles: styles)
    }

    /// A line whose first non-blank is `#` is a comment, and so is anything after ` # ` (a `#` followed by a
    /// space), which keeps `#rrggbb` colours intact.
    static func stripComment(_ line: Substring) -> Substring {
        let body = line.drop(while: { $0 == " " || $0 == "\t" })
        if body.hasPrefix("#") { return "" }
        if let range = line.range(of: " # ") { return line[..<range.lowerBound] }
        if line.hasSuffix(" #") { return line.dropLast(2) }
        return line
    }

    static func parseStyle(_ value: String, source: String, line: Int) throws -> RoleStyle {
        var style = RoleStyle()
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var index = 0
        var sawForeground = false
        while index < words.count {
            let word = words[index].lowercased()
            if let attribute = attributeNames[word] {
                style.attributes.insert(attribute)
            } else if word == "on" {
                index += 1
                guard index < words.count else {
                    throw ThemeError(source: source, line: line, problem: "`on` must be followed by a background colour")
                }
                style.background = try parseColor(words[index], source: source, line: line)
            } else if !sawForeground {
                style.foreground = try parseColor(words[index], source: source, line: line)
                sawForeground = true
            } else {
                throw ThemeError(source: source, line: line,
                                 problem: "unexpected `\(words[index])`; write `foreground on background attributes…`")
            }
            index += 1
        }
        return style
    }

    static let attributeNames: [String: TextAttributes] = [
        "bold": .bold, "underline": .underline, "reverse": .reverse, "dim": .dim, "italic": .italic,
    ]

    static let colorNames: [String] = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func parseColor(_ word: String, source: String, line: Int) throws -> TerminalColor {
        let lower = word.lowercased()
        if lower == "default" { return .terminalDefault }
        if lower.hasPrefix("#"), lower.count == 7, let value = UInt32(lower.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        if let index = UInt8(lower) { return .indexed(index) }
        if let index = colorNames.firstIndex(of: lower) { return .ansi(UInt8(index)) }
        if lower.hasPrefix("bright-"), let index = colorNames.firstIndex(of: String(lower.dropFirst(7))) {
            return .ansi(UInt8(index + 8))
        }
        throw ThemeError(source: source, line: line,
                         problem: "`\(word)` is not a colour; use default, #rrggbb, 0–255, or a name like red / bright-blue")
    }
}
