import Foundation
import Support
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a background search stands: rows searched, matches found so far, and whether it has finished.
public struct SearchProgress: Sendable, Hashable {
    public var rowsSearched: Int
    /// Rows in the dataset as far as known (grows while the dataset is still being indexed).
    public var rowsTotal: Int
    public var matchCount: Int
    public var isComplete: Bool
    public var isCancelled: Bool
    /// A problem that stopped the search (e.g. the file was truncated); matches so far remain.
    public var failure: DatasetError?

    public var fraction: Double {
        if isComplete { return 1 }
        return rowsTotal == 0 ? 0 : min(1, Double(rowsSearched) / Double(rowsTotal))
    }
}

/// A case-insensitive substring search over the values of every column (or of one column), running on its own
/// thread while the user keeps browsing. Matches (row numbers, ascending) grow as they are found; `n`/`N` use
/// `nextMatch(after:)` and `previousMatch(before:)`. Object keys are not searched, only values.
///
/// Rows are first checked on their raw bytes (ASCII case folded, `memmem`); only rows that may match are parsed,
/// so a search costs little more than reading the file.
public final class DatasetSearch: Sendable {
    public let dataset: Dataset
    public let text: String
    /// The column searched, or nil for all columns.
    public let column: Column?

    /// What the search thread publishes and views read: matching rows (ascending) and progress.
    private struct Shared: Sendable {
        var found: [Int] = []
        var progress: SearchProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    /// Starts searching `dataset` for `text` (case-insensitive) in `column`, or in every value when nil.
    public init(dataset: Dataset, text: String, column: Column? = nil) {
        self.dataset = dataset
        self.text = text
        self.column = column
        shared = Mutex(Shared(progress: SearchProgress(rowsSearched: 0, rowsTotal: dataset.rowCount, matchCount: 0,
                                                       isComplete: false, isCancelled: false, failure: nil)))
        BackgroundThread.start { [self] in run() }
    }

    public var progress: SearchProgress { shared.withLock { $0.progress } }

    /// Matching rows found so far, ascending.
    public var matches: [Int] { shared.withLock { $0.found } }

    public func cancel() { control.cancel() }

    /// The first match after `row`; wraps to the first match when `wrap` is true and none follows.
    public func nextMatch(after row: Int, wrap: Bool = true) -> Int? {
        shared.withLock { Self.match(in: $0.found, after: row, wrap: wrap) }
    }

    private static func match(in found: [Int], after row: Int, wrap: Bool) -> Int? {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if found[middle] <= row { low = middle + 1 } else { high = middle }
        }
        if low < found.count { return found[low] }
        return wrap ? found.first : nil
    }

    /// The last match before `row`; wraps to the last match when `wrap` is true and none precedes.
    public func previousMatch(before row: Int, wrap: Bool = true) -> Int? {
        shared.withLock { Self.match(in: $0.found, before: row, wrap: wrap) }
    }

    private static func match(in found: [Int], before row: Int, wrap: Bool) -> Int? {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if found[middle] < row { low = middle + 1 } else { high = middle }
        }
        if low > 0 { return found[low - 1] }
        return wrap ? found.last : nil
    }

    /// Blocks until the search ends or `timeout` seconds pass; returns the progress then.
    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> SearchProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    // MARK: The search thread

    private func run() {
        let matcher = ValueMatcher(text)
        var pending: [Int] = []
        var scratch: [UInt8] = []
        let text = dataset.reader as? TextRecordReader
        func publish(rows: Int) {
            let total = max(dataset.rowCount, rows)
            shared.withLock {
                $0.found.append(contentsOf: pending)
                $0.progress.rowsSearched = rows
                $0.progress.rowsTotal = total
                $0.progress.matchCount = $0.found.count
            }
            pending.removeAll(keepingCapacity: true)
        }
        let ending = control.run(RowPass(dataset: dataset), progress: publish) { row, bytes in
            let hit: Bool
            if let bytes, let text {
                hit = try matches(bytes: bytes, reader: text, matcher: matcher, scratch: &scratch)
            } else {
                hit = try matches(row: row, matcher: matcher)
            }
            if hit { pending.append(row) }
        }
        publish(rows: ending.rows ?? progress.rowsSearched)
        shared.withLock {
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }

    /// Matching on a text row's bytes: the raw pre-check on a folded copy, then only the cell or the row parsed.
    private func matches(bytes: UnsafeRawBufferPointer, reader: TextRecordReader, matcher: ValueMatcher,
                         scratch: inout [UInt8]) throws -> Bool {
        if matcher.canPrefilter {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: bytes)
            if !matcher.rawMayMatch(&scratch, format: dataset.format) { return false }
        }
        if let column, column.path != ["value"] {
            guard case .value(let cell) = try reader.cell(in: bytes, path: column.path) else { return false }
            return matcher.matches(value: cell)
        }
        let content = try reader.decode(bytes, cut: false, maxBytes: nil).0
        switch content {
        case .malformed(let text, _):
            return column == nil && matcher.matches(text)
        case .value(let value):
            guard let column else { return matcher.matches(value: value) }
            guard case .value(let cell) = Dataset.lookup(column, in: value) else { return false }
            return matcher.matches(value: cell)
        }
    }

    private func matches(row: Int, matcher: ValueMatcher) throws -> Bool {
        if let column {
            guard case .value(let cell) = try dataset.cell(at: row, column: column) else { return false }
            return matcher.matches(value: cell)
        }
        let record = try dataset.record(at: row)
        switch record.content {
        case .malformed(let text, _):
            return matcher.matches(text)
        case .value(let value):
            return matcher.matches(value: value)
        }
    }
}

/// Case-insensitive substring matching on values, with a raw-byte pre-check.
struct ValueMatcher {
    let needle: String
    let foldedBytes: [UInt8]
    /// Raw bytes can rule a row out only for printable ASCII needles without quotes or backslashes (which files
    /// escape). Rows holding a `\u` escape (or `\/` when the needle has a slash) are always parsed, since an
    /// escape could spell part of the needle. (Unicode case folding that maps non-ASCII letters to ASCII, such as
    /// the Kelvin sign, is not seen by the pre-check.)
    let canPrefilter: Bool
    private let needleHasSlash: Bool

    init(_ text: String) {
        needle = text.lowercased()
        foldedBytes = Array(text.utf8).map(ValueMatcher.fold)
        canPrefilter = !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
        needleHasSlash = text.utf8.contains(UInt8(ascii: "/"))
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// False only when the row cannot match. Folds `raw` in place.
    func rawMayMatch(_ raw: inout [UInt8], format: DatasetFormat) -> Bool {
        let jsonEscapes = format == .jsonl || format == .json
        return raw.withUnsafeMutableBytes { buffer -> Bool in
            if jsonEscapes {
                let unicodeEscape: [UInt8] = [0x5C, UInt8(ascii: "u")]
                let slashEscape: [UInt8] = [0x5C, UInt8(ascii: "/")]
                let risky = unicodeEscape.withUnsafeBytes { ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0) }
                    || needleHasSlash && slashEscape.withUnsafeBytes {
                        ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0)
                    }
                if risky { return true }
            }
            for index in buffer.indices { buffer[index] = ValueMatcher.fold(buffer[index]) }
            return foldedBytes.withUnsafeBytes { ValueMatcher.contains(UnsafeRawBufferPointer(buffer), $0) }
        }
    }

    /// Whether `hay` contains `pin`: `memchr` finds candidates for the first byte, then the rest is compared.
    static func contains(_ hay: UnsafeRawBufferPointer, _ pin: UnsafeRawBufferPointer) -> Bool {
        guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return pin.isEmpty }
        guard pin.count <= hay.count else { return false }
        let first = Int32(pin[0])
        var position = 0
        let last = hay.count - pin.count
        while position <= last {
            guard let hit = memchr(hayBase + position, first, last - position + 1) else { return false }
            let at = hayBase.distance(to: UnsafeRawPointer(hit))
            if memcmp(hayBase + at, pinBase, pin.count) == 0 { return true }
            position = at + 1
        }
        return false
    }

    func matches(_ text: String) -> Bool {
        if needle.isEmpty { return true }
        return text.lowercased().contains(needle)
    }

    func matches(value: JSONValue) -> Bool {
        switch value {
        case .null: return matches("null")
        case .bool(let flag): return matches(flag ? "true" : "false")
        case .number(let text): return matches(text)
        case .string(let text): return matches(text)
        case .array(let elements): return elements.contains { matches(value: $0) }
        case .object(let members): return members.contains { matches(value: $0.value) }
        }
    }
}
