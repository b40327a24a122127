import Foundation
import Testing

/// The headless commands never write into their inputs.
@Suite struct HeadlessSafetyTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func mergeRefusesAnOutputFolderThatIsOrIsInsideAnInput() throws {
        let scratch = NSTemporaryDirectory() + "loom-merge-\(UUID().uuidString)"
        let base = scratch + "/base", adapter = scratch + "/adapter"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: adapter, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try Data("weights".utf8).write(to: URL(fileURLWithPath: base + "/model.safetensors"))
        for out in [base, base + "/", base + "/merged", scratch + "/adapter/../base", adapter] {
            let (status, error) = try Self.run(["merge", "--model", base, "--adapter", adapter, "--out", out])
            #expect(status != 0, "accepted --out \(out)")
            #expect(error.contains("never writes into its inputs"), "\(error)")
        }
        #expect(try String(contentsOfFile: base + "/model.safetensors", encoding: .utf8) == "weights")
    }
}
