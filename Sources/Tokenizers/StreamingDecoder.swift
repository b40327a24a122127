/// Decodes ids one at a time for streaming generation. A character whose UTF-8 bytes span several byte-level or
/// byte-fallback tokens is held back until it is complete, so no U+FFFD is ever emitted for a split character.
///
/// Follows HF's `DecodeStream`: decode the ids since the last emitted prefix, and emit the new text once it no
/// longer ends in an incomplete character. Concatenating every emitted piece gives `decode(allIds)`.
public struct StreamingDecoder {
    let tokenizer: Tokenizer
    let skipSpecialTokens: Bool
    private var ids: [UInt32] = []
    private var prefix = ""
    private var prefixIndex = 0

    init(tokenizer: Tokenizer, skipSpecialTokens: Bool) {
        self.tokenizer = tokenizer
        self.skipSpecialTokens = skipSpecialTokens
    }

    /// Add one id; returns the text it completes, or nil when it only extends an unfinished character.
    public mutating func step(_ id: UInt32) -> String? {
        ids.append(id)
        let text = tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
        guard text.utf8.count > prefix.utf8.count, !text.unicodeScalars.last.map({ $0 == "\u{FFFD}" })! else {
            return nil
        }
        let newText: String
        if text.utf8.starts(with: prefix.utf8) {
            newText = String(decoding: Array(text.utf8.dropFirst(prefix.utf8.count)), as: UTF8.self)
        } else {
            // The decoder rewrote earlier text (it cannot for the supported decoders); emit what differs.
            newText = text
        }
        let newPrefixIndex = ids.count - prefixIndex
        ids.removeFirst(prefixIndex)
        prefix = tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
        prefixIndex = newPrefixIndex
        return newText
    }

    /// Text held back at the end of the stream (an incomplete character decodes to U+FFFD, as `decode` would).
    public mutating func finish() -> String {
        let text = tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
        ids.removeAll()
        defer { prefix = ""; prefixIndex = 0 }
        guard text.utf8.count > prefix.utf8.count, text.utf8.starts(with: prefix.utf8) else { return "" }
        return String(decoding: Array(text.utf8.dropFirst(prefix.utf8.count)), as: UTF8.self)
    }
}
