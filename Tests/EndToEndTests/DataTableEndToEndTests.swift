import Foundation
import Testing

/// The table's view in the real program: sort, filter, hide, frequency and copy on the bundled samples.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct DataTableEndToEndTests {
    static let samples = LoomBinary.packageRoot + "/Samples"

    @Test func bracketSortsANumericColumnLargestFirst() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let session = try TmuxSession(command: "'\(binary)' '\(Self.samples)/runs.csv'", width: 160, height: 30)
        var (ok, screen) = try session.waitForScreen { $0.contains("100 rows") && $0.contains("run-001") }
        #expect(ok, "first screen:\n\(screen)")
        for _ in 0..<8 { try session.send("l") }
        (ok, screen) = try session.waitForScreen { $0.contains("col tokens_per_second") }
        #expect(ok, "after l×8:\n\(screen)")
        try session.send("]")
        (ok, screen) = try session.waitForScreen { $0.contains("sort tokens_per_second desc") && !$0.contains("sorting") }
        #expect(ok, "after ]:\n\(screen)")
        let firstRow = screen.split(separator: "\n").dropFirst(2).first ?? ""
        #expect(firstRow.contains("run-069") && firstRow.contains("8977"), "largest first:\n\(screen)")

        // Hide the column, then the frequency table of `method` and Enter on its first value.
        try session.send("-")
        (ok, screen) = try session.waitForScreen { !$0.contains("eval_loss tokens_per_second") && $0.contains("col notes") }
        #expect(ok, "after -:\n\(screen)")
        for _ in 0..<6 { try session.send("h") }
        try session.send("F")
        (ok, screen) = try session.waitForScreen { $0.contains("method · frequency") && $0.contains("%") }
        #expect(ok, "after F:\n\(screen)")
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("(filtered)") }
        #expect(ok, "after Enter in the frequency table:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }

    @Test func paletteFilterShowsTheMatchingRowsOfAll() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let session = try TmuxSession(command: "'\(binary)' '\(Self.samples)/chat.jsonl'", width: 140, height: 30)
        var (ok, screen) = try session.waitForScreen { $0.contains("100 rows") }
        #expect(ok, "first screen:\n\(screen)")
        try session.send(":")
        try session.send("filter meta.turns == 2", literal: true)
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("row 1/33 of 100 (filtered)") }
        #expect(ok, "after :filter:\n\(screen)")
        try session.send(":")
        try session.send("unfilter", literal: true)
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("row 1/100") && !$0.contains("(filtered)") }
        #expect(ok, "after :unfilter:\n\(screen)")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }

    @Test func yCopiesTheCellIntoTmuxsBuffer() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let session = try TmuxSession(command: "'\(binary)' '\(Self.samples)/runs.csv'", width: 140, height: 30)
        try session.setOption("set-clipboard", "on")
        var (ok, screen) = try session.waitForScreen { $0.contains("100 rows") && $0.contains("run-001") }
        #expect(ok, "first screen:\n\(screen)")
        try session.send("l", "j", "y")
        (ok, screen) = try session.waitForScreen { $0.contains("copied the cell") }
        #expect(ok, "after y:\n\(screen)")
        var buffer = ""
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            buffer = (try? session.pasteBuffer()) ?? ""
            if buffer == "SmolLM2-135M" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(buffer == "SmolLM2-135M")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }
}

/// A config edit in the Runs view written back with `w`, in the real program.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct ConfigWriteEndToEndTests {
    @Test func wWritesTheEditedFieldKeepingComments() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let scratch = NSTemporaryDirectory() + "loom-e2e-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let config = scratch + "/mine.toml"
        try "# keep me\nname = \"mine\" # the name\n".write(toFile: config, atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: "cd '\(scratch)' && LOOM_HOME='\(LoomBinary.packageRoot)' '\(binary)' '\(config)'",
                                      width: 140, height: 40)
        var (ok, screen) = try session.waitForScreen { $0.contains("mine.toml") }
        #expect(ok, "runs section:\n\(screen)")
        try session.send("j")  // the bundled sample config is listed first
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("mine.toml · run config") }
        #expect(ok, "the form:\n\(screen)")
        try session.send("Enter", "C-u")
        try session.send("\"edited\"", literal: true)
        try session.send("Enter")
        (ok, screen) = try session.waitForScreen { $0.contains("modified (w writes)") }
        #expect(ok, "after the edit:\n\(screen)")
        try session.send("w")
        (ok, screen) = try session.waitForScreen { $0.contains("wrote mine.toml") }
        #expect(ok, "after w:\n\(screen)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "# keep me\nname = \"edited\" # the name\n")
        try session.send("Q")
        #expect(session.waitForExit() == 0)
    }
}
