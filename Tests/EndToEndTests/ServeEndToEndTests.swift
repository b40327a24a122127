import Foundation
import Testing

/// `loom serve` as a user starts it, and `loom raft build --teacher URL` talking to it: with greedy decoding on
/// both sides, the data made over HTTP is byte for byte the data made with the model in process.
@Suite(.serialized)
struct ServeEndToEndTests {
    static let model = LoomBinary.packageRoot + "/Samples/models/loom-shakespeare"

    /// Runs loom to the end; returns its status, standard output and standard error.
    func loom(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errorPath = NSTemporaryDirectory() + "loom-serve-e2e-stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errorText)
    }

    /// Starts `loom serve` on a free port; returns the process and the base URL it printed.
    func startServer(key: String) throws -> (Process, String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--model", Self.model, "--port", "0", "--api-key-env", "LOOM_E2E_KEY"]
        process.environment = ProcessInfo.processInfo.environment.merging(["LOOM_E2E_KEY": key]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://"), let end = text[range.lowerBound...].firstIndex(of: " ") else {
            process.terminate()
            throw ServeStartFailure(output: text)
        }
        return (process, String(text[range.lowerBound..<end]))
    }

    @Test func raftBuildOverHTTPEqualsTheInProcessBuild() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model + "/model.safetensors"), "the bundled model is missing")
        let folder = NSTemporaryDirectory() + "loom-serve-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "The river runs north to the sea. Boats carry grain on it.\n\nThe hill rises above the town. Sheep graze on its slopes."
            .write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let common = ["raft", "build", folder + "/notes.txt", "--questions", "1", "--distractors", "1", "--chunk-size", "60",
                      "--seed", "5"]
        let local = try loom(common + ["--out", folder + "/local.jsonl", "--teacher", Self.model])
        #expect(local.status == 0, "\(local.error)")

        let key = "sk-e2e-\(UUID().uuidString)"
        let (server, url) = try startServer(key: key)
        defer { server.terminate() }
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/v1"))
        let noModel = try loom(common + ["--out", folder + "/x.jsonl", "--teacher", url])
        #expect(noModel.status != 0 && noModel.error.contains("--teacher-model"), "\(noModel.error)")
        let remote = try loom(common + ["--out", folder + "/remote.jsonl", "--teacher", url, "--teacher-model", "loom-shakespeare",
                                        "--teacher-log", folder + "/teacher.log"],
                              environment: ["OPENAI_API_KEY": key])
        #expect(remote.status == 0, "\(remote.error)")
        #expect(!remote.output.contains(key) && !remote.error.contains(key))
        let localData = try Data(contentsOf: URL(fileURLWithPath: folder + "/local.jsonl"))
        #expect(!localData.isEmpty || FileManager.default.fileExists(atPath: folder + "/local.rejected.jsonl"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/remote.jsonl")) == localData)
        let log = try String(contentsOfFile: folder + "/teacher.log", encoding: .utf8)
        #expect(log.contains("\"status\":200") && !log.contains(key), "the log has the exchanges and never the key")

        let refused = try loom(common + ["--out", folder + "/refused.jsonl", "--teacher", url, "--teacher-model", "loom-shakespeare",
                                         "--teacher-retries", "0"], environment: ["OPENAI_API_KEY": "wrong"])
        let reasons = (try? String(contentsOfFile: folder + "/refused.rejected.jsonl", encoding: .utf8)) ?? ""
        #expect(refused.status == 0 && reasons.contains("HTTP 401"), "a refused key is the reason each chunk was set aside")

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0, "SIGTERM stops the server cleanly")
    }
}

struct ServeStartFailure: Error, CustomStringConvertible {
    var output: String
    var description: String { "loom serve did not print its URL: \(output)" }
}
