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
