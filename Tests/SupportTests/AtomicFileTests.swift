import Foundation
import Testing
@testable import Support

@Suite struct AtomicFileTests {
    /// A fresh folder, removed by the caller.
    func makeFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesAndReplacesWholeFilesWithoutLeavingTemporaries() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.json")
        try AtomicFile.write(Data("old".utf8), to: file)
        #expect(try Data(contentsOf: file) == Data("old".utf8))
        try AtomicFile.write(Data("new and longer".utf8), to: file)
        #expect(try Data(contentsOf: file) == Data("new and longer".utf8))
        try AtomicFile.write(Data(), to: file)
        #expect(try Data(contentsOf: file).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["config.json"])
    }

    @Test func aMissingFolderIsAnErrorThatNamesTheFile() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("missing/adapter_config.json")
        do {
            try AtomicFile.write(Data("x".utf8), to: file)
            Issue.record("wrote into a folder that does not exist")
        } catch let error as AtomicFileError {
            #expect(error.operation == .create)
            #expect(error.path.contains("adapter_config.json"))
            #expect(error.description.contains("folder exists"))
        }
    }

    @Test func aFailedRenameLeavesTheTargetAndNoTemporary() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder in the target's place: rename(2) refuses to put a file over it.
        let target = folder.appendingPathComponent("checkpoint")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        #expect(throws: AtomicFileError.self) { try AtomicFile.write(Data("x".utf8), to: target) }
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint"])
    }
}
