import Datasets
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#endif

/// One record through the filters, and the work files' reading and writing.
extension CurateRun {
    func filter(_ item: Record, record: Int, state: inout CurateState, dropped: AppendingFile, pending: AppendingFile,
                store: BandSignatureStore) throws {
        guard case .value(let value) = item.content, case .string(let text)? = value[config.field] else {
            state.summary.skipped += 1
            return
        }
        state.summary.documents += 1
        let (verdict, kept) = config.pipeline.process(text)
        if let rule = verdict.rule {
            state.summary.dropped += 1
            state.summary.count(filter: verdict.filter, rule: rule)
            let why: [JSONMember] = [
                JSONMember("filter", .string(verdict.filter)), JSONMember("rule", .string(rule)),
                JSONMember("value", .number(Self.format(verdict.value ?? 0))),
                JSONMember("threshold", .number(Self.format(verdict.threshold ?? 0))),
                JSONMember("record", .number(String(record))),
            ]
            try dropped.append(JSONFormatter.compact(Self.annotated(value, why)))
            return
        }
        let output = kept == text ? value : Self.replacing(config.field, in: value, with: .string(kept))
        if config.pipeline.deduplicates, let signature = config.pipeline.minHash.signature(kept) {
            guard state.pending < Int(UInt32.max) else {
                throw CurateError(path: "inputs", message: "more than 2^32 kept documents in one run; split the inputs")
            }
            try store.add(document: UInt32(state.pending), signature: signature)
        }
        try pending.append("\(record)\t" + JSONFormatter.compact(output))
        state.pending += 1
    }

    /// A number as JSON: integers without a fraction, others with 6 significant digits.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }

    /// The record numbers of the given kept documents (by their index among the documents the filters kept).
    func recordsOfKeptDocuments(_ indexes: Set<UInt32>, pending: URL) throws -> [UInt32: Int] {
        guard !indexes.isEmpty else { return [:] }
        var result: [UInt32: Int] = [:]
        var index: UInt32 = 0
        try Self.forEachLine(of: pending, length: nil) { line in
            defer { index += 1 }
            if indexes.contains(index), let tab = line.firstIndex(of: "\t") { result[index] = Int(line[..<tab]) }
        }
        return result
    }

    /// Calls `body` with each line of the first `length` bytes of a work file (all of it when nil).
    static func forEachLine(of url: URL, length: UInt64?, _ body: (Substring) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var remaining = length ?? .max
        var carry = Data()
        while remaining > 0 {
            let chunk = try handle.read(upToCount: Int(min(remaining, 4 << 20))) ?? Data()
            if chunk.isEmpty { break }
            remaining -= UInt64(chunk.count)
            carry.append(chunk)
            var start = carry.startIndex
            while let newline = carry[start...].firstIndex(of: 0x0A) {
                try body(Substring(decoding: carry[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            carry = Data(carry[start...])
        }
        if !carry.isEmpty { try body(Substring(decoding: carry, as: UTF8.self)) }
    }

    /// Renames a finished work file over its output (one step: readers see the old file or the new one).
    static func move(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CurateError(path: destination.path, message: "cannot move \(source.lastPathComponent) here (\(String(cString: strerror(errno))))")
        }
    }

    /// The record with member `key` (the last of that name) replaced.
    static func replacing(_ key: String, in value: JSONValue, with replacement: JSONValue) -> JSONValue {
        guard case .object(var members) = value, let index = members.lastIndex(where: { $0.hasKey(key) }) else { return value }
        members[index] = JSONMember(key, replacement)
        return .object(members)
    }

    /// The record with `_curation` added: why it was dropped.
    static func annotated(_ value: JSONValue, _ why: [JSONMember]) -> JSONValue {
        if case .object(let members) = value { return .object(members + [JSONMember("_curation", .object(why))]) }
        return .object([JSONMember("value", value), JSONMember("_curation", .object(why))])
    }
}
