import Support

/// Turns JSON values back into text: compact for a table cell (stopping once `maxBytes` are written, so a huge
/// value costs only what is shown) or pretty-printed for the record view. Strings are escaped as JSON escapes them;
/// making control characters visible on screen is the view's job.
public enum JSONFormatter {
    /// Compact JSON text of `value`, at most about `maxBytes` UTF-8 bytes (an ellipsis marks a cut).
    public static func compact(_ value: JSONValue, maxBytes: Int = .max) -> String {
        var writer = Writer(limit: maxBytes)
        writer.write(value, indent: nil, level: 0)
        return writer.finish()
    }

    /// Pretty-printed JSON with `indent` spaces per level, at most about `maxBytes` bytes.
    public static func pretty(_ value: JSONValue, indent: Int = 2, maxBytes: Int = .max) -> String {
        var writer = Writer(limit: maxBytes)
        writer.write(value, indent: indent, level: 0)
        return writer.finish()
    }

    /// The text a table cell shows: strings unquoted (cut to `maxBytes`), numbers as written, `null`, `true`,
    /// `false`, and compact JSON for arrays and objects.
    public static func cellText(_ value: JSONValue?, maxBytes: Int = 1024) -> String {
        guard let value else { return "" }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            if text.utf8.count <= maxBytes { return text }
            return cut(text, maxBytes) + "…"
        case .array, .object: return compact(value, maxBytes: maxBytes)
        }
    }

    /// `text` cut to at most `maxBytes` UTF-8 bytes at a character boundary.
    static func cut(_ text: String, _ maxBytes: Int) -> String {
        var end = text.utf8.startIndex
        var used = 0
        for index in text.indices {
            let next = text.index(after: index)
            let size = text.utf8.distance(from: index, to: next)
            if used + size > maxBytes { break }
            used += size
            end = next
        }
        return String(text[..<end])
    }

    private struct Writer {
        var output: [UInt8] = []
        let limit: Int
        var full = false

        init(limit: Int) {
            self.limit = limit
            output.reserveCapacity(min(limit, 4096))
        }

        mutating func append(_ text: String) {
            guard !full else { return }
            output.append(contentsOf: text.utf8)
            check()
        }

        mutating func append(byte: UInt8) {
            guard !full else { return }
            output.append(byte)
            check()
        }

        mutating func check() {
            if output.count >= limit { full = true }
        }

        mutating func newline(_ indent: Int?, _ level: Int) {
            guard let indent else { return }
            append(byte: 0x0A)
            if !full { output.append(contentsOf: repeatElement(0x20, count: indent * level)); check() }
        }

        mutating func write(_ value: JSONValue, indent: Int?, level: Int) {
            guard !full else { return }
            switch value {
            case .null: append("null")
            case .bool(let flag): append(flag ? "true" : "false")
            case .number(let text): append(text)
            case .string(let text): writeString(text)
            case .array(let elements):
                if elements.isEmpty { append("[]"); return }
                append(byte: UInt8(ascii: "["))
                for (position, element) in elements.enumerated() {
                    if full { return }
                    if position > 0 { append(byte: UInt8(ascii: ",")) }
                    newline(indent, level + 1)
                    write(element, indent: indent, level: level + 1)
                }
                newline(indent, level)
                append(byte: UInt8(ascii: "]"))
            case .object(let members):
                if members.isEmpty { append("{}"); return }
                append(byte: UInt8(ascii: "{"))
                for (position, member) in members.enumerated() {
                    if full { return }
                    if position > 0 { append(byte: UInt8(ascii: ",")) }
                    newline(indent, level + 1)
                    writeString(member.key)
                    append(indent == nil ? ":" : ": ")
                    write(member.value, indent: indent, level: level + 1)
                }
                newline(indent, level)
                append(byte: UInt8(ascii: "}"))
            }
        }

        mutating func writeString(_ text: String) {
            append(byte: 0x22)
            for byte in text.utf8 {
                if full { return }
                switch byte {
                case 0x22: output.append(0x5C); output.append(0x22)
                case 0x5C: output.append(0x5C); output.append(0x5C)
                case 0x0A: output.append(0x5C); output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(0x5C); output.append(UInt8(ascii: "r"))
                case 0x09: output.append(0x5C); output.append(UInt8(ascii: "t"))
                case 0..<0x20, 0x7F:
                    output.append(contentsOf: "\\u00".utf8)
                    let digits = Array("0123456789abcdef".utf8)
                    output.append(digits[Int(byte >> 4)])
                    output.append(digits[Int(byte & 0xF)])
                default: output.append(byte)
                }
                check()
            }
            append(byte: 0x22)
        }

        mutating func finish() -> String {
            if full {
                // Cut at a character boundary and mark the cut.
                var end = min(output.count, limit)
                while end > 0 && end < output.count && output[end] & 0xC0 == 0x80 { end -= 1 }
                return String(decoding: output[0..<end], as: UTF8.self) + "…"
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
