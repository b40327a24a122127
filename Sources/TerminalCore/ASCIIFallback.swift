/// What a terminal that can show only ASCII (`--ascii`, or a non-UTF-8 locale) draws for the symbols the views
/// use: an ASCII character of the same width that means the same (`▶` as `>`, `·` as `.`), and `?` only for the
/// rest, so that `⚙ sample-lora · step 3` reads `* sample-lora . step 3` rather than `? sample-lora ? step 3`.
public enum ASCIIFallback {
    static let equivalents: [Character: Character] = [
        "·": ".", "•": "*", "⚙": "*", "▶": ">", "▸": ">", "◀": "<", "◂": "<", "—": "-", "–": "-", "…": ".",
        "↵": "/", "×": "x", "≈": "~", "≤": "<", "≥": ">", "↑": "^", "↓": "v", "←": "<", "→": ">", "✓": "+",
        "✗": "x", "✘": "x", "✔": "+", "│": "|", "─": "-", "“": "\"", "”": "\"", "‘": "'", "’": "'", "␛": "^",
        "█": "#", "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "|", "▊": "|", "▉": "#", "°": "o",
    ]

    /// `text` with every character outside ASCII replaced by its equivalent, or by `?` per column it takes.
    public static func fold(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
        var result = ""
        for character in text {
            if character.unicodeScalars.allSatisfy(\.isASCII) {
                result.append(character)
            } else if let ascii = equivalents[character] {
                result.append(ascii)
            } else {
                result += String(repeating: "?", count: max(1, DisplayWidth.of(String(character))))
            }
        }
        return result
    }
}
