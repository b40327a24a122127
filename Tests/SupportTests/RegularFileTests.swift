import Foundation
import Testing
import Support

/// A FIFO or a device given as a path is refused at once instead of hanging the program or reading forever.
@Suite struct RegularFileTests {
    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let folder = NSTemporaryDirectory() + "loom-fifo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/f.jsonl"
        #expect(mkfifo(path, 0o600) == 0)
        let started = Date()
        do {
            _ = try RegularFile.read(path)
            Issue.record("a FIFO was read")
        } catch let error as RegularFileError {
            #expect(error.reason.contains("FIFO"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func devicesAndFoldersAreRefusedAndFilesRead() throws {
        #expect(throws: RegularFileError.self) { try RegularFile.read("/dev/zero") }
        #expect(throws: RegularFileError.self) { try RegularFile.read(NSTemporaryDirectory()) }
        let path = NSTemporaryDirectory() + "loom-regular-\(UUID().uuidString).txt"
        try "héllo\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try RegularFile.readText(path) == "héllo\n")
        #expect(throws: RegularFileError.self) { try RegularFile.read(path, limit: 3) }
    }
}
