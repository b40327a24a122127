/// Cutting and wrapping by display columns.
public enum TextLayout {
    /// The longest prefix of `text` that fits in `columns`, with `ellipsis` at the end when it was cut.
    /// Stops reading as soon as the columns are used, so huge strings cost only what is shown.
    public static func truncate<S: StringProtocol>(_ text: S, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        var result = ""
        var used = 0
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            let w = DisplayWidth.of(SafeText.visible(String(character)))
            if used + w > columns {
                // Back off to leave room for the ellipsis.
                while used + ellipsisWidth > columns, let last = result.popLast() {
                    used -= DisplayWidth.of(SafeText.visible(String(last)))
                }
                return result + ellipsis
            }
            result.append(character)
            used += w
        }
        return result
    }

    /// Wraps text into lines of at most `columns`, breaking at spaces where possible and hard-breaking long words.
    /// Newlines in the text start new lines. `maxLines` bounds the work for huge text.
    public static func wrap(_ text: String, columns: Int, maxLines: Int = .max) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if lines.count >= maxLines { break }
            var line = ""
            var lineWidth = 0
            var lastSpace: String.Index? = nil
            for character in paragraph {
                if lines.count >= maxLines { break }
                let visible = character == "\r" ? "" : SafeText.visible(String(character))
                let w = DisplayWidth.of(visible)
                if lineWidth + w > columns {
                    if let space = lastSpace, space > line.startIndex {
                        let head = String(line[..<space])
                        let tail = String(line[line.index(after: space)...])
                        lines.append(head)
                        line = tail
                        lineWidth = DisplayWidth.of(tail)
                    } else {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    lastSpace = nil
                }
                if character == " " { lastSpace = line.endIndex }
                line += visible
                lineWidth += w
            }
            if lines.count < maxLines { lines.append(line) }
        }
        return lines
    }
}
