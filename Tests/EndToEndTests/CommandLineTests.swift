import Foundation
import Testing

/// What the program says when it cannot be the workbench: a mistyped subcommand, a missing path, no terminal.
@Suite struct CommandLineTests {
    @Test func aMistypedSubcommandSuggestsTheCommand() throws {
        let (status, error) = try HeadlessSafetyTests.run(["scroe", "file.jsonl"])
        #expect(status != 0)
        #expect(error.contains("did you mean 'loom score'"), "\(error)")
        let missing = try HeadlessSafetyTests.run(["no-such-dataset-\(UUID().uuidString).jsonl"])
        #expect(missing.status != 0 && missing.error.contains("no such file or folder"), "\(missing.error)")
    }

    /// A dataset whose name is not UTF-8 can be given on the command line (the argument keeps its bytes), and an
    /// error about such a path shows the byte as `\xFF` (issue 21, item 13). The name is made by the shell's printf,
    /// since `Process` arguments are Swift strings.
    @Test func aFileNameThatIsNotUTF8CanBeGiven() throws {
        let binary = try #require(LoomBinary.path, "build loom first")
        let folder = NSTemporaryDirectory() + "loom-bytes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func loom(_ script: String) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, "sh", binary, folder, LoomBinary.packageRoot + "/Samples/raft-sample.jsonl"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let made = try loom(#"cp "$3" "$2/$(printf 'raft\377.jsonl')" && exec "$1" raft validate --json "$2/$(printf 'raft\377.jsonl')""#)
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("\"records\": 16") || made.output.contains("\"records\":16"), "\(made.output)")
        let missing = try loom(#"exec "$1" raft validate "$2/$(printf 'gone\377.jsonl')""#)
        #expect(missing.status != 0)
        #expect(missing.output.contains("gone\\xFF.jsonl"), "\(missing.output)")
    }

    @Test func tokenizerTrainIntoAMissingFolderSaysWhatToDo() throws {
        let missing = NSTemporaryDirectory() + "loom-missing-\(UUID().uuidString)/sub"
        let (status, error) = try HeadlessSafetyTests.run(["tokenizer", "train", "--vocab-size", "300", "--out", missing + "/tok.json",
                                                            LoomBinary.packageRoot + "/Samples/instructions.jsonl"])
        #expect(status != 0)
        #expect(error.contains("does not exist; create it first") && !error.contains("NSCocoaErrorDomain"), "\(error)")
    }

    @Test func helpGoesToStandardOutputAndSucceeds() throws {
        let binary = try #require(LoomBinary.path, "build loom first")
        for arguments in [["--help"], ["train", "--help"], ["help", "score"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && text.hasPrefix("OVERVIEW:"), "\(arguments): \(text.prefix(80))")
        }
    }

    @Test func withoutATerminalTheWorkbenchRefusesInsteadOfSpinning() throws {
        let started = Date()
        let (status, error) = try HeadlessSafetyTests.run([LoomBinary.packageRoot + "/Samples"])
        #expect(status != 0)
        #expect(error.contains("needs a terminal"), "\(error)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func errorsQuoteHostileValuesWithoutTheirEscapes() throws {
        let path = NSTemporaryDirectory() + "loom-evil-\(UUID().uuidString).toml"
        try "name = \"x\"\n[model]\nbase = \"/nope\u{1B}]0;pwned\u{07}\u{1B}[2J\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, error) = try HeadlessSafetyTests.run(["train", path])
        #expect(status != 0)
        #expect(!error.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "raw control characters in: \(error.debugDescription)")
        #expect(error.contains("␛[2J"), "\(error)")
        #expect(!error.contains("Usage:"), "a runtime error is not a usage error: \(error)")
    }
}

/// `loom score` on a model whose output is NaN: every line is still JSON (null where the number is not finite), and
/// the command fails, so a script does not take the silence for success.
@Suite struct NonFiniteScoreTests {
    @Test func nanLogitsAreReportedAndFail() throws {
        let fixture = LoomBinary.packageRoot + "/Tests/EngineTests/Fixtures/llama_tied_rslora/model"
        let folder = NSTemporaryDirectory() + "loom-nan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture + "/config.json", toPath: folder + "/config.json")
        // Write NaN over the final norm's weight (f32) inside a copy of the weights.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture + "/model.safetensors")))
        let headerLength = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as! [String: Any]
        let entry = header["model.norm.weight"] as! [String: Any]
        let offsets = entry["data_offsets"] as! [Int]
        let nan = Float.nan.bitPattern
        for position in stride(from: 8 + headerLength + offsets[0], to: 8 + headerLength + offsets[1], by: 4) {
            for k in 0..<4 { bytes[position + k] = UInt8(truncatingIfNeeded: nan >> (8 * UInt32(k))) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
        let binary = try #require(LoomBinary.path, "build loom first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["score", "--model", folder, "--ids", "[1, 2, 3, 4]"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(error.contains("NaN or infinite"), "\(error)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any], "not one JSON line: \(printed)")
        #expect(record["error"] as? String == "non-finite log-probabilities")
        #expect((record["logprobs"] as? [Any])?.allSatisfy { $0 is NSNull } == true)
    }
}

@Suite struct ReviewCommandTests {
    @Test func exportsAndReportsStaleDecisionsWithoutWritingTheDataset() throws {
        let folder = NSTemporaryDirectory() + "loom-review-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/.loom/review", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n"
        try data.write(toFile: folder + "/d.jsonl", atomically: true, encoding: .utf8)
        try "{\"line\":2,\"content_hash\":\"0\",\"decision\":\"keep\",\"time\":\"2026-12-07T20:00:00Z\"}\n"
            .write(toFile: folder + "/.loom/review/d.jsonl.decisions.jsonl", atomically: true, encoding: .utf8)
        let (status, _) = try HeadlessSafetyTests.run(["review", folder + "/d.jsonl", "--export-kept", folder + "/kept.jsonl",
                                                       "--export-log", folder + "/log.jsonl"])
        #expect(status == 0)
        #expect(try String(contentsOfFile: folder + "/kept.jsonl", encoding: .utf8) == "", "a stale keep was applied")
        #expect(try String(contentsOfFile: folder + "/log.jsonl", encoding: .utf8).contains("\"decision\":\"keep\""))
        #expect(try String(contentsOfFile: folder + "/d.jsonl", encoding: .utf8) == data)
        let refused = try HeadlessSafetyTests.run(["review", folder + "/d.jsonl", "--export-kept", folder + "/d.jsonl"])
        #expect(refused.status != 0 && refused.error.contains("never writes into its inputs"))
    }
}
