import Foundation
import Testing

/// The real program in tmux opens a record's token lens for the sample run config and changes its sequence length.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct TokenLensEndToEndTests {
    @Test func opensARecordsLensAndCutsItShorter() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let samples = LoomBinary.packageRoot + "/Samples"
        let session = try TmuxSession(command: "'\(binary)' '\(samples)/instructions.jsonl' '\(samples)/runs/sample-lora.toml'")
        var (ok, screen) = try session.waitForScreen { $0.contains("200 rows") }
        #expect(ok, "first screen:\n\(screen)")
        try session.send("Enter")
        try session.send("t")
        (ok, screen) = try session.waitForScreen {
            $0.contains("config sample-lora.toml") && $0.contains("loss assistant · length 128") && $0.contains("<|endoftext|>")
        }
        #expect(ok, "lens:\n\(screen)")
        try session.send("[")
        (ok, screen) = try session.waitForScreen { $0.contains("length 64") && $0.contains("✂ cut at 64") }
        #expect(ok, "after [:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }
}
