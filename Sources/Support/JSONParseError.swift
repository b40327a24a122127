/// Where and why a JSON text failed to parse: the byte offset for programs (a reader adds it to a row's start), the
/// line and column for people (a tokenizer.json is one long file).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the parsed text (a leading byte-order mark included).
    public var offset: Int
    /// 1-based line of the problem in the parsed text.
    public var line: Int
    /// 1-based column of the problem, in bytes from the start of its line.
    public var column: Int
    /// What is wrong, e.g. "unexpected '}', expected a JSON value".
    public var message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// The line and column of `offset` in `bytes`; counted only when an error is made, so the hot path pays nothing.
    static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var index = 0
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return (line, offset - lineStart + 1)
    }

    public var description: String {
        line == 1 ? "\(message) at byte \(offset)" : "\(message) at line \(line), column \(column) (byte \(offset))"
    }
}
