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
}
