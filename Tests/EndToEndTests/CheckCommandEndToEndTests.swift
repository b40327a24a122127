import Foundation
import Testing

/// `loom check` as a user runs it: JSON that parses and carries no raw control characters from the data, `--show`
/// one JSON line per token, and `loom train` refusing a run whose check finds errors unless `--force`.
@Suite struct CheckCommandEndToEndTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, text)
    }

    static func scratch(promptFormat: String) throws -> String {
        let folder = NSTemporaryDirectory() + "loom-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            {"instruction": "Add 2 and 3.", "output": "5."}
            {"instruction": "colour \\u001b]0;pwned\\u0007 \\u009b2J", "output": "ok"}
            {"instruction": "Add 2 and 3.", "output": "5."}
            not json

            """.write(toFile: folder + "/data.jsonl", atomically: true, encoding: .utf8)
        try """
            name = "e2e-check"
            [model]
            base = "\(LoomBinary.packageRoot)/Samples/models/loom-shakespeare"
            [data]
            train = ["data.jsonl"]
            prompt_format = "\(promptFormat)"
            eval_fraction = 0
            [training]
            max_steps = 1
            """.write(toFile: folder + "/run.toml", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func jsonCountsAndEscapesTheData() throws {
        let folder = try Self.scratch(promptFormat: "alpaca")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output, error) = try Self.run(["check", folder + "/run.toml", "--json"])
        #expect(status == 0, "\(error)")
        #expect(!output.contains(0x1B) && !output.contains(0x07))
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(object["records"] as? Int == 4)
        #expect(object["invalid_lines"] as? [Int] == [4])
        #expect(object["duplicates_lines"] as? [Int] == [3])

        let show = try Self.run(["check", folder + "/run.toml", "--show", "2"])
        #expect(show.status == 0, "\(show.error)")
        #expect(!show.output.contains(0x1B) && !show.output.contains(0x07))
        let lines = String(decoding: show.output, as: UTF8.self).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let token = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(token["id"] is Int && token["text"] is String && token["trained"] is Bool)
        }
    }

    @Test func trainRefusesWhatTheCheckCallsAnError() throws {
        // ChatML markers are not tokens of the sample tokenizer: a template mismatch, an error.
        let folder = try Self.scratch(promptFormat: "chatml")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let check = try Self.run(["check", folder + "/run.toml"])
        #expect(check.status == 1)
        let refused = try Self.run(["train", folder + "/run.toml", "--out", folder + "/run"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("template_mismatch") && refused.error.contains("--force"), "\(refused.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/run"))
    }
}
