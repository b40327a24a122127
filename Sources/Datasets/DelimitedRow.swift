import Support

/// Splits one CSV/TSV row into fields (RFC 4180: quoted fields may hold delimiters, doubled quotes, newlines) and
/// turns it into a record: an object of header name → cell. Cells that are JSON numbers become numbers (kept as
/// written), everything else stays a string, so `007` or `1/2` are never altered.
enum DelimitedRow {
    static func parseFields(_ buffer: UnsafeRawBufferPointer, delimiter: UInt8) -> (fields: [String], unterminated: Bool) {
        var start = 0
        var end = buffer.count
        // Blank lines skipped by the index sit in front of the row; the row's newline sits at its end.
        while start < end && (buffer[start] == 0x0A || buffer[start] == 0x0D) { start += 1 }
        if end > start && buffer[end - 1] == 0x0A { end -= 1 }
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        var fields: [String] = []
        var index = start
        var field: [UInt8] = []
        if start == end { return ([], false) }
        while true {
            field.removeAll(keepingCapacity: true)
            if index < end && buffer[index] == 0x22 {
                index += 1
                var closed = false
                while index < end {
                    let byte = buffer[index]
                    if byte == 0x22 {
                        if index + 1 < end && buffer[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    field.append(byte)
                    index += 1
                }
                if !closed {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return (fields, true)
                }
                // Text after the closing quote (lenient, as Python's csv): kept.
                while index < end && buffer[index] != delimiter {
                    field.append(buffer[index])
                    index += 1
                }
            } else {
                let fieldStart = index
                while index < end && buffer[index] != delimiter { index += 1 }
                field.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[fieldStart..<index]))
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if index >= end { break }
            index += 1 // the delimiter
        }
        return (fields, false)
    }

    /// Header names made usable as column names: blanks become `column N`, repeats get ` (2)`, ` (3)`, ….
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        var result: [String] = []
        for (position, raw) in names.enumerated() {
            var name = raw.isEmpty ? "column \(position + 1)" : raw
            if let times = seen[name] {
                seen[name] = times + 1
                name += " (\(times + 1))"
            } else {
                seen[name] = 1
            }
            result.append(name)
        }
        return result
    }

    /// A row as a record of header name → cell. `cut`: the bytes are only the row's start (its last field is then
    /// partial, and noted in `cuts`). With `maxFieldBytes`, longer fields are cut (at a character boundary) and
    /// noted with their size, so a preview keeps every column of a row with one huge cell.
    static func decode(_ buffer: UnsafeRawBufferPointer, delimiter: UInt8, header: [String], cut: Bool,
                       maxFieldBytes: Int? = nil) -> (content: Record.Content, truncated: Bool, cuts: [JSONCut]) {
        let (fields, unterminated) = parseFields(buffer, delimiter: delimiter)
        if unterminated && !cut {
            return (.malformed(text: TextRecordReader.malformedText(buffer, limit: maxFieldBytes ?? (1 << 20)),
                               problem: "a quoted field is never closed (missing '\"')"), false, [])
        }
        var members: [JSONMember] = []
        var cuts: [JSONCut] = []
        members.reserveCapacity(fields.count)
        for (position, field) in fields.enumerated() {
            let name = position < header.count ? header[position] : "column \(position + 1)"
            let size = field.utf8.count
            if let limit = maxFieldBytes.map({ max($0, 16) }), size > limit {
                members.append(JSONMember(name, .string(JSONFormatter.cut(field, limit))))
                cuts.append(JSONCut(path: [name], byteCount: size))
            } else {
                members.append(JSONMember(name, cellValue(field)))
            }
        }
        if cut, let last = members.last {
            cuts.append(JSONCut(path: [last.key], byteCount: nil))
        }
        return (.value(.object(members)), cut || !cuts.isEmpty, cuts)
    }

    /// A number when the text is a JSON number, else the string itself.
    static func cellValue(_ text: String) -> JSONValue {
        isJSONNumber(text) ? .number(text) : .string(text)
    }

    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let count = bytes.count
        guard count > 0, count < 64 else { return false }
        func isDigit(_ index: Int) -> Bool { index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        var index = 0
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { return false }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
        }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
        }
        return index == count
    }
}
