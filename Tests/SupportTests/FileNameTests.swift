import Foundation
import Testing
@testable import Support

/// File names that are not UTF-8 survive as strings and open again by their bytes (issue 21, item 13).
@Suite struct FileNameTests {
    /// Creates a file whose name is `bytes` (not expressible as a Swift string) in `folder`.
    static func create(bytes: [UInt8], in folder: String, contents: String) -> Bool {
        var path = Array(folder.utf8) + [UInt8(ascii: "/")] + bytes + [0]
        let fd = path.withUnsafeMutableBufferPointer {
            $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return Array(contents.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == contents.utf8.count
    }

    @Test func invalidBytesBecomeStandInsAndValidTextStays() {
        let name = FileName.decode(Array("caf".utf8) + [0xE9] + Array("-日本.jsonl".utf8) + [0xFF, 0xC3])
        #expect(name == "caf\u{10FCE9}-日本.jsonl\u{10FCFF}\u{10FCC3}")
        #expect(FileName.decode(Array("plain é.csv".utf8)) == "plain é.csv")
        FileName.withPlatformPath(name) { pointer in
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                                  count: strlen(pointer)))
            #expect(bytes == Array("caf".utf8) + [0xE9] + Array("-日本.jsonl".utf8) + [0xFF, 0xC3])
        }
    }

    @Test func aFolderListsAndOpensANameThatIsNotUTF8() throws {
        let folder = NSTemporaryDirectory() + "loom-filename-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(Self.create(bytes: Array("bad".utf8) + [0xFF] + Array(".jsonl".utf8), in: folder, contents: "{\"a\": 1}\n"))
        let names = try #require(FileName.contents(ofFolder: folder))
        #expect(names == ["bad\u{10FCFF}.jsonl"])
        let path = folder + "/" + names[0]
        #expect(FileName.kind(of: path) == .file)
        #expect(FileName.kind(of: folder) == .folder)
        #expect(FileName.size(of: path) == 9)
        #expect(try RegularFile.read(path) == Data("{\"a\": 1}\n".utf8))
        #expect(FileName.kind(of: folder + "/bad\u{FFFD}.jsonl") == nil, "the lossy name is another file")
    }
}
