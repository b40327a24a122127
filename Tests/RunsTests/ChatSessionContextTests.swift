import Foundation
import Testing
@testable import Runs

@Suite struct ChatSessionContextTests {
    @Test func aPromptOverTheContextIsRefusedWithTheNumbers() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let model = root.appendingPathComponent("Samples/models/loom-shakespeare")
        try #require(FileManager.default.fileExists(atPath: model.appendingPathComponent("config.json").path))
        let session = ChatSession(modelFolder: model, adapterFolder: nil)
        session.send(String(repeating: "To be or not to be, that is the question. ", count: 80), useAdapter: false)
        let deadline = Date().addingTimeInterval(60)
        while session.snapshot.isGenerating, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let error = try #require(session.snapshot.error)
        #expect(error.contains("over this model's context of 256 tokens"), "\(error)")
    }
}
