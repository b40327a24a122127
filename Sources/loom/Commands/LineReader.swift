import ArgumentParser
import Foundation
import Support

/// Reads a plain text file (or standard input) line by line in large chunks, without loading it whole: the input of
/// `loom tokenize` when it is text rather than JSONL (JSONL goes through the Datasets readers).
enum LineReader {
    /// The longest line read (64 MiB).
    static let maxLineBytes = 64 << 20

    /// Calls `body` with each line's number (from 1) and bytes, without the newline (a trailing `\r` is kept only
    /// when it is not followed by `\n`). A UTF-8 byte-order mark that starts the input is not part of line 1, as in
    /// every other reader of Loom (see `ByteOrderMark`).
    static func forEachLine(path: String, _ body: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            do {
                handle = FileHandle(fileDescriptor: try RegularFile.open(path).descriptor, closeOnDealloc: false)
            } catch let error as RegularFileError {
                throw ValidationError(error.description)
            }
        }
        defer { if path != "-" { try? handle.close() } }
        var pending: [UInt8] = []
        var number = 0
        var atStart = true
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            // A line without end (standard input from /dev/zero, a binary file) must not take all memory.
            if pending.count > maxLineBytes, !pending.contains(0x0A) {
                throw ValidationError("\(path == "-" ? "standard input" : path), line \(number + 1): longer than \(maxLineBytes >> 20) MiB without a line break; is this a text file?")
            }
            if atStart {
                // Wait for three bytes before deciding (a mark could straddle two reads of a pipe).
                if pending.count < 3 { continue }
                pending.removeFirst(ByteOrderMark.length(atStartOf: pending))
                atStart = false
            }
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                var end = newline
                if end > start && pending[end - 1] == 0x0D { end -= 1 }
                try body(number, pending[start..<end])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if atStart { pending.removeFirst(ByteOrderMark.length(atStartOf: pending)) }
        if !pending.isEmpty {
            number += 1
            try body(number, pending[...])
        }
    }
}
