import Foundation
import Testing

/// The real program in tmux: open data, scroll, search, help, resize, quit; and the terminal restored on signals.
/// CI installs tmux; elsewhere these tests are skipped when tmux is missing.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct WorkbenchEndToEndTests {
    /// A dataset with known rows, in a folder of its own.
    static func makeDataset() throws -> String {
        let folder = NSTemporaryDirectory() + "loom-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines: [String] = []
        for i in 0..<2000 {
            lines.append(#"{"id": \#(i), "prompt": "question number \#(i)", "answer": "answer \#(i * 7)"}"#)
        }
        lines.insert(#"{"id": "broken", "prompt": }"#, at: 5)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/qa.jsonl", atomically: true, encoding: .utf8)
        try "name,score\nada,3\n".write(toFile: folder + "/scores.csv", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func browseSearchHelpResizeAndQuit() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let folder = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TmuxSession(command: "'\(binary)' '\(folder)'")

        // Opening: the sidebar lists both files, the table shows the first, the count fills in.
        var (ok, screen) = try session.waitForScreen { $0.contains("2001 rows") && $0.contains("question number 0") }
        #expect(ok, "first screen:\n\(screen)")
        #expect(screen.contains("scores.csv"))
        #expect(screen.contains("malformed (line 6"))

        // Scrolling.
        try session.send("j", "j", "j")
        (ok, screen) = try session.waitForScreen { $0.contains("row 4/2001") }
        #expect(ok, "after j j j:\n\(screen)")
        try session.send("G")
        (ok, screen) = try session.waitForScreen { $0.contains("row 2001/2001") && $0.contains("question number 1999") }
        #expect(ok, "after G:\n\(screen)")
        try session.send("g")
        (ok, screen) = try session.waitForScreen { $0.contains("row 1/2001") }
        #expect(ok, "after g:\n\(screen)")

        // Search and jump between matches.
        try session.send("/")
        try session.send("number 1234", literal: true)
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("row 1236/2001") }
        #expect(ok, "after search:\n\(screen)")
        try session.send("n")
        (ok, screen) = try session.waitForScreen { $0.contains("match 1 of 1") }
        #expect(ok, "after n:\n\(screen)")

        // Help overlay, generated from the key map.
        try session.send("?")
        (ok, screen) = try session.waitForScreen { $0.contains("Help") && $0.contains("Search all columns") }
        #expect(ok, "help:\n\(screen)")
        try session.send("Escape")
        (ok, screen) = try session.waitForScreen { !$0.contains("Search all columns") }
        #expect(ok, "help closed:\n\(screen)")

        // Resize: smaller still lays out; too small shows the notice; larger again recovers.
        try session.resize(width: 70, height: 20)
        (ok, screen) = try session.waitForScreen { $0.split(separator: "\n").first.map { $0.count <= 70 } == true && $0.contains("row 1236/2001") }
        #expect(ok, "70×20:\n\(screen)")
        try session.resize(width: 40, height: 10)
        (ok, screen) = try session.waitForScreen { $0.contains("Terminal too small") }
        #expect(ok, "40×10:\n\(screen)")
        try session.resize(width: 120, height: 32)
        (ok, screen) = try session.waitForScreen { $0.contains("row 1236/2001") && !$0.contains("too small") }
        #expect(ok, "back to 120×32:\n\(screen)")

        // Quit: exit status 0 and the terminal is back to the shell.
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let folder = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TmuxSession(command: "'\(binary)' '\(folder)'; echo AFTER-LOOM")
        let (ok, screen) = try session.waitForScreen { $0.contains("question number 0") }
        #expect(ok, "first screen:\n\(screen)")
        let pid = try #require(try session.programPID())
        kill(pid, SIGTERM)
        // The shell prints after loom ends, on the normal screen: curses has left the alternate screen.
        let after = try session.waitForScreen { $0.contains("AFTER-LOOM") }
        #expect(after.matched, "after SIGTERM:\n\(after.screen)")
        #expect(!after.screen.contains("question number 0"))
    }

    @Test func defaultOpensTheBundledSamples() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let samples = LoomBinary.packageRoot + "/Samples"
        let names = try FileManager.default.contentsOfDirectory(atPath: samples).filter { !$0.hasPrefix(".") }
        try #require(!names.isEmpty, "Samples/ is empty")
        let session = try TmuxSession(command: "cd '\(LoomBinary.packageRoot)' && '\(binary)'")
        let (ok, screen) = try session.waitForScreen { screen in names.contains { screen.contains(String($0.prefix(20))) } && screen.contains("rows") }
        #expect(ok, "samples:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }

    @Test func unknownTerminalIsAnErrorMessage() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let session = try TmuxSession(command: "'\(binary)' /tmp 2>&1", environment: ["TERM": "no-such-terminal-xyz"])
        let (ok, screen) = try session.waitForScreen { $0.contains("not in the terminfo database") }
        #expect(ok, "unknown TERM:\n\(screen)")
        #expect(session.waitForExit() != 0)
    }
}
