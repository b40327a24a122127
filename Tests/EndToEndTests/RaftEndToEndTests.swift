import Foundation
import Testing

/// `loom raft validate` as a script or CI runs it, and the RAFT section in the real program.
@Suite(.serialized)
struct RaftEndToEndTests {
    /// Runs loom with `arguments`; returns its exit status and standard output.
    func loom(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theBundledSampleValidatesCleanAsJSON() throws {
        let sample = LoomBinary.packageRoot + "/Samples/raft-sample.jsonl"
        let (status, output) = try loom(["raft", "validate", sample, "--json", "--p", "0.8"])
        #expect(status == 0, "\(output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 16)
        #expect(object["schema"] as? String == "gorilla")
        #expect(object["quotes_nowhere"] as? Int == 0)
        #expect(object["quotes_in_oracle"] as? Int == 16)
        #expect((object["oracle_absent_lines"] as? [Int])?.count == object["oracle_absent"] as? Int)
        #expect(object["p"] as? Double == 0.8)
    }

    @Test func problemsMakeTheExitStatusOne() throws {
        let folder = NSTemporaryDirectory() + "loom-raft-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/weak.jsonl"
        let row = ###"{"question": "Q?", "context": {"sentences": [["Some text."]]}, "oracle_context": "Some text.", "cot_answer": "##begin_quote## Other text. ##end_quote## <ANSWER>: x"}"###
        try (row + "\n" + row + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let (status, output) = try loom(["raft", "validate", file])
        #expect(status == 1)
        #expect(output.contains("quotes in no document"))
        #expect(output.contains("duplicate questions                          1  line 2"))
        let (notRAFT, _) = try loom(["raft", "validate", LoomBinary.packageRoot + "/Samples/chat.jsonl"])
        #expect(notRAFT != 0 && notRAFT != 1, "a file that is not RAFT data is a usage error, not a report")
    }

    @Test func buildWithTheBundledModelAsTeacherAndResume() throws {
        let model = LoomBinary.packageRoot + "/Samples/models/loom-shakespeare"
        try #require(FileManager.default.fileExists(atPath: model + "/model.safetensors"), "the bundled model is missing")
        let folder = NSTemporaryDirectory() + "loom-raft-build-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "The river runs north to the sea. Boats carry grain on it.\n\nThe hill rises above the town. Sheep graze on its slopes."
            .write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let arguments = ["raft", "build", folder + "/notes.txt", "--out", folder + "/raft.jsonl", "--teacher", model,
                         "--questions", "1", "--distractors", "1", "--chunk-size", "60", "--seed", "5"]
        let (status, output) = try loom(arguments)
        #expect(status == 0, "\(output)")
        #expect(output.contains("raft.jsonl: "))
        let kept = try String(contentsOfFile: folder + "/raft.jsonl", encoding: .utf8).split(separator: "\n").count
        let setAside = try String(contentsOfFile: folder + "/raft.rejected.jsonl", encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("\"reason\"") }.count
        #expect(kept + setAside >= 2, "every chunk made a record or a reason")
        // A second run finds every chunk done and changes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/raft.jsonl"))
        let (again, _) = try loom(arguments)
        #expect(again == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/raft.jsonl")) == before)
        // Other options do not continue it.
        let (other, _) = try loom(arguments.dropLast(2) + ["--seed", "6"])
        #expect(other != 0)
    }

    @Test func evalWithTheBundledModelReportsAccuracy() throws {
        let model = LoomBinary.packageRoot + "/Samples/models/loom-shakespeare"
        try #require(FileManager.default.fileExists(atPath: model + "/model.safetensors"), "the bundled model is missing")
        let folder = NSTemporaryDirectory() + "loom-raft-eval-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let row = ###"{"question": "Who rules?", "context": {"sentences": [["The king rules.", "The sea is wide."]]}, "oracle_context": "The king rules.", "cot_answer": "##begin_quote## The king rules. ##end_quote## <ANSWER>: the king"}"###
        try (row + "\n").write(toFile: folder + "/eval.jsonl", atomically: true, encoding: .utf8)
        let (status, output) = try loom(["raft", "eval", "--model", model, folder + "/eval.jsonl", "--json",
                                         "--max-new-tokens", "8"])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2, "\(output)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let overall = try #require((summary["summary"] as? [String: Any])?["overall"] as? [String: Any])
        #expect(overall["records"] as? Int == 1)
    }
}
