import Foundation
@testable import Datasets

/// A temporary folder for one test's files, removed when the test ends.
final class TestFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a file named `name` and returns its URL.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    /// Opens `name` and waits until it is indexed.
    func open(_ name: String) throws -> Dataset {
        let dataset = try Dataset.open(url.appendingPathComponent(name))
        dataset.waitUntilIndexed(timeout: 30)
        return dataset
    }
}

extension Dataset {
    /// Every row, read in full.
    func allRecords() throws -> [Record] {
        try (0..<rowCount).map { try record(at: $0) }
    }
}
