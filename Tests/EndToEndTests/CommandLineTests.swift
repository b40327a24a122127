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
