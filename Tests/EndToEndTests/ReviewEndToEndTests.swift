import Foundation
import Testing

/// `loom review` in the real program: score a JSONL sample, decide three records, quit, reopen (the decisions are
/// still there), export from the section, and check the kept file; the headless export reads the same log.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct ReviewEndToEndTests {
    @Test func decideQuitReopenAndExport() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let folder = NSTemporaryDirectory() + "loom-review-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = LoomBinary.packageRoot + "/Samples/review-sample.jsonl"
        let dataset = folder + "/sample.jsonl"
        try FileManager.default.copyItem(atPath: sample, toPath: dataset)
        let before = try Data(contentsOf: URL(fileURLWithPath: dataset))
        let records = String(decoding: before, as: UTF8.self).split(separator: "\n").count

        var session = try TmuxSession(command: "cd '\(folder)' && '\(binary)' review sample.jsonl --field text")
        var (ok, screen) = try session.waitForScreen(timeout: 30) { $0.contains("\(records) scored") }
        #expect(ok, "first screen:\n\(screen)")
        // Every record is in the list, by score: keep, drop, keep from the top.
        #expect(screen.contains("list: all"))
        try session.send("k")
        try session.send("d")
        try session.send("k")
        (ok, screen) = try session.waitForScreen { $0.contains("kept 2") && $0.contains("dropped 1") }
        #expect(ok, "after three decisions:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)

        session = try TmuxSession(command: "cd '\(folder)' && '\(binary)' review sample.jsonl")
        (ok, screen) = try session.waitForScreen(timeout: 30) { $0.contains("\(records) scored") && $0.contains("kept 2") && $0.contains("dropped 1") }
        #expect(ok, "reopened, the decisions are there:\n\(screen)")
        #expect(screen.contains("from the cache"))
        try session.send("e")
        (ok, screen) = try session.waitForScreen { $0.contains("export kept records to:") }
        #expect(ok, "export prompt:\n\(screen)")
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("wrote 2 records to") }
        #expect(ok, "exported:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)

        let kept = try String(contentsOfFile: folder + "/sample.kept.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(kept.count == 2)
        for line in kept {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["text"] is String && object["label"] is String && object["id"] is String,
                    "kept records keep the source's schema: \(line)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dataset)) == before, "the dataset is never written")

        // The headless export reads the same log.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["review", dataset, "--export-kept", folder + "/headless.jsonl"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: folder + "/headless.jsonl", encoding: .utf8).split(separator: "\n") == kept)
    }
}
