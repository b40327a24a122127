import Foundation
import Testing

/// `loom sdg validate` as a script or CI runs it: messages at file:line:column, exit status 0 only when all is valid.
@Suite struct SdgEndToEndTests {
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

    @Test func theSampleIsValidAndMistakesFailWithTheirPlace() throws {
        let sample = LoomBinary.packageRoot + "/Samples/qna.yaml"
        let (status, output) = try loom(["sdg", "validate", sample])
        #expect(status == 0, "\(output)")
        #expect(output.contains("1 file: 1 valid, 0 invalid"))

        let folder = NSTemporaryDirectory() + "loom-sdg-e2e-\(UUID().uuidString)/compositional_skills/x"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "created_by: loom", with: "created_by: loom  ")
        try text.write(toFile: folder + "/qna.yaml", atomically: true, encoding: .utf8)
        try "created_by: x\n".write(toFile: folder + "/qna.yml", atomically: true, encoding: .utf8)
        let (bad, report) = try loom(["sdg", "validate", (folder as NSString).deletingLastPathComponent])
        #expect(bad == 1)
        #expect(report.contains(folder + "/qna.yaml:4:17: error: trailing spaces"), "\(report)")
        #expect(report.contains("qna.yml:1:1: error: the file is named qna.yml"), "\(report)")
        #expect(report.contains("2 files: 0 valid, 2 invalid"), "\(report)")
    }
}

/// `loom sdg generate` with the bundled model as an in-process teacher: a weak teacher (256 positions, Shakespeare),
/// so the point is the pipeline — every task ends in kept rows or reasons, and a second run resumes to the same files.
@Suite struct SdgGenerateEndToEndTests {
    @Test func generationRunsSetsAsideWithReasonsAndResumes() throws {
        let model = LoomBinary.packageRoot + "/Samples/models/loom-shakespeare"
        try #require(FileManager.default.fileExists(atPath: model + "/model.safetensors"), "the bundled model is missing")
        let out = NSTemporaryDirectory() + "loom-sdg-generate-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["sdg", "generate", LoomBinary.packageRoot + "/Samples/qna.yaml", "--out", out, "--num", "2",
                         "--questions-per-prompt", "1", "--teacher", model]
        let (status, output) = try SdgEndToEndTests().loom(arguments)
        #expect(status == 0, "\(output)")
        #expect(output.contains("rows kept in generated.jsonl"), "\(output)")
        let kept = (try? String(contentsOfFile: out + "/generated.jsonl", encoding: .utf8)) ?? ""
        let rejected = (try? String(contentsOfFile: out + "/rejected.jsonl", encoding: .utf8)) ?? ""
        let lines = (kept + rejected).split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(rejected.split(separator: "\n").allSatisfy { $0.contains("\"reason\"") })
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/generated.jsonl.loom-build.jsonl"))
        let (again, _) = try SdgEndToEndTests().loom(arguments)
        #expect(again == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/generated.jsonl.loom-build.jsonl")) == before,
                "a finished run has nothing left to do")
    }
}

/// The workbench opens a qna.yaml as a dataset of its seed examples.
@Suite struct QnAWorkbenchEndToEndTests {
    @Test func theSampleQnAOpensAsRowsOfSeeds() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let session = try TmuxSession(command: "'\(binary)' '\(LoomBinary.packageRoot)/Samples/qna.yaml'", width: 140, height: 30)
        let (ok, screen) = try session.waitForScreen { $0.contains("5 rows") && $0.contains("What is Portia saying about mercy?") }
        #expect(ok, "qna.yaml in the workbench:\n\(screen)")
        #expect(screen.contains("question") && screen.contains("answer") && screen.contains("context"))
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }
}
