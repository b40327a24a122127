import Foundation
import Runs
import Testing
import TerminalCore
@testable import Workbench

/// A run folder written through the Runs layer's own writers, as `loom train` leaves it mid-run.
/// Shared with the section tests.
@discardableResult
func makeHeadlessRun(in runsFolder: String, name: String, steps: Int, status: RunStatus = .running,
                     totalSteps: Int = 100) throws -> RunFolder {
    let folder = try RunFolder.create(at: URL(fileURLWithPath: runsFolder).appendingPathComponent(name))
    var config = RunConfig()
    config.name = name
    try config.tomlText().write(to: folder.configURL, atomically: true, encoding: .utf8)
    let log = try MetricsLog(url: folder.metricsURL)
    for step in 1...steps {
        try log.append(MetricsRecord(kind: .train, step: step, epoch: Double(step) / Double(steps), loss: 5 - Double(step) * 0.04,
                                     learningRate: 1e-3, gradNorm: 1.5, tokensPerSecond: 900))
        if step % 25 == 0 {
            try log.append(MetricsRecord(kind: .eval, step: step, evalLoss: 5.1 - Double(step) * 0.04))
            try log.append(MetricsRecord(kind: .sample, step: step, prompt: "Once upon", text: "a time at step \(step)"))
        }
    }
    var snapshot = RunSnapshot(name: name, folder: folder, status: status)
    (snapshot.step, snapshot.totalSteps, snapshot.lastLoss, snapshot.processId) = (steps, totalSteps, 1.0, getpid())
    snapshot.lastCheckpoint = CheckpointFile(step: 50, url: folder.checkpointsURL.appendingPathComponent("step-50.safetensors"))
    try folder.writeStatus(snapshot)
    return folder
}

@Suite struct RunsSectionTests {
    @Test func theRunListShowsStepCountsInFull() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try makeHeadlessRun(in: runsFolder, name: "long", steps: 11, totalSteps: 100_000)
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)])
        app.handle(.key(.character("2")))
        _ = app.pollBackgroundWork()
        #expect(app.render(width: 120, height: 36).text.contains("running 11/100000"))
    }

    @Test func headlessRunsAreListedAndWatchedWithCharts() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try makeHeadlessRun(in: runsFolder, name: "tiny-lora", steps: 60)
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)])
        app.handle(.key(.character("2")))
        _ = app.pollBackgroundWork()
        var text = app.render(width: 120, height: 36).text
        #expect(text.contains("tiny-lora"))
        #expect(text.contains("running 60/100"))
        app.handle(.key(.enter))
        _ = app.pollBackgroundWork()
        let grid = app.render(width: 120, height: 36)
        text = grid.text
        #expect(text.contains("loss · all steps"))
        #expect(text.contains("step       60 / 100"))
        #expect(text.contains("checkpoint step 50"))
        #expect(text.contains("a time at step 50"), "the newest sample generation is shown")
        let braille = grid.cells.filter { $0.text.unicodeScalars.first.map { (0x2801...0x28FF).contains($0.value) } ?? false }
        #expect(braille.count > 20, "the loss is plotted in braille")
        #expect(text.contains("learning rate"))
        app.handle(.key(.character("c")))
        #expect(app.render(width: 120, height: 36).text.contains("gradient norm"))
        app.handle(.key(.character("z")))
        app.handle(.key(.character("a")))
        #expect(app.render(width: 120, height: 36).text.contains("loss (log) · last 100 steps"))
        // The chart keys work from the run list as well.
        app.handle(.key(.tab))
        app.handle(.key(.character("a")))
        #expect(app.render(width: 120, height: 36).text.contains("loss · last 100 steps"))
    }

    @Test func newMetricsLinesAreFollowedLive() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        let run = try makeHeadlessRun(in: runsFolder, name: "growing", steps: 10)
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)])
        app.handle(.key(.character("2")))
        app.handle(.key(.enter))
        _ = app.pollBackgroundWork()
        #expect(app.render(width: 120, height: 36).text.contains("loss       4.6000"))
        let log = try MetricsLog(url: run.metricsURL)
        try log.append(MetricsRecord(kind: .train, step: 11, loss: 0.25))
        #expect(app.pollBackgroundWork(), "a new metrics line is a change to draw")
        #expect(app.render(width: 120, height: 36).text.contains("loss       0.2500"))
    }

    @Test func wWritesEditsBackKeepingCommentsAndAsksBeforeQuittingWithoutThem() throws {
        let folder = try TemporaryFolder()
        let configPath = try folder.write("mine.toml", """
            # my notes stay
            name = "mine"  # the run's name
            [model]
            base = "no-such-model"

            """)
        let app = WorkbenchApp(paths: [configPath], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode))
        app.handle(.key(.enter))
        // name, then seed (a key the file does not have).
        app.handle(.key(.enter))
        app.handle(.key(.control("u")))
        for character in "\"renamed\"" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        app.handle(.key(.character("j")))
        app.handle(.key(.enter))
        app.handle(.key(.control("u")))
        for character in "7" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        var text = app.render(width: 130, height: 40).text
        #expect(text.contains("modified (w writes)"))
        #expect(text.contains("mine.toml *"))
        #expect(!(try String(contentsOfFile: configPath, encoding: .utf8)).contains("renamed"), "nothing written yet")
        // Quitting asks first.
        app.handle(.key(.character("Q")))
        #expect(app.render(width: 130, height: 40).text.contains("Unsaved edits: mine.toml"))
        app.handle(.key(.character("n")))
        app.handle(.key(.character("w")))
        text = app.render(width: 130, height: 40).text
        #expect(text.contains("wrote mine.toml"))
        #expect(!text.contains("modified (w writes)"))
        let written = try String(contentsOfFile: configPath, encoding: .utf8)
        #expect(written.contains("# my notes stay"))
        #expect(written.contains("name = \"renamed\"  # the run's name"))
        #expect(written.contains("seed = 7"))
        #expect(written.contains("base = \"no-such-model\""))
        // Save as: a new file beside it, listed.
        app.handle(.key(.character(":")))
        for character in "saveas copy" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/copy.toml"))
        #expect(app.render(width: 130, height: 40).text.contains("copy.toml"))
    }

    @Test func configFormShowsProblemsByFieldAndEditsInPlace() throws {
        let folder = try TemporaryFolder()
        let configPath = try folder.write("bad.toml", """
            name = "bad"
            [model]
            base = "no-such-model"
            [training]
            learning_rate = 0.001
            """)
        let original = try String(contentsOfFile: configPath, encoding: .utf8)
        let app = WorkbenchApp(paths: [configPath], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode))
        app.handle(.key(.enter))
        var text = app.render(width: 130, height: 40).text
        #expect(text.contains("bad.toml · run config"))
        #expect(text.contains("✗ model.base"))
        #expect(text.contains("✗ data.train"))
        #expect(text.contains("lora.rank"))
        // Edit the first field (name) in TOML syntax.
        app.handle(.key(.enter))
        app.handle(.key(.control("u")))
        for character in "\"renamed\"" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        text = app.render(width: 130, height: 40).text
        #expect(text.contains("\"renamed\""))
        // A value of the wrong type is refused with the field named, and the form keeps editing.
        app.handle(.key(.enter))
        app.handle(.key(.control("u")))
        for character in "12" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        text = app.render(width: 130, height: 40).text
        #expect(text.contains("name"))
        #expect(text.contains("expected a string"))
        app.handle(.key(.escape))
        // Launching with problems is refused.
        app.handle(.key(.character("L")))
        #expect(app.render(width: 130, height: 40).text.contains("cannot launch"))
        // The user's file is never modified.
        #expect(try String(contentsOfFile: configPath, encoding: .utf8) == original)
    }

    @Test func helpInRunsShowsRunKeys() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try makeHeadlessRun(in: runsFolder, name: "r", steps: 3, status: .stopped)
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)])
        app.handle(.key(.character("2")))
        app.handle(.key(.enter))
        app.handle(.key(.character("?")))
        let text = app.render(width: 120, height: 40).text
        #expect(text.contains("Stop the run (writes a checkpoint first)"))
        #expect(text.contains("Overlay another run's loss"))
    }
}

@Suite struct RunDurationTests {
    @Test func hugeAndInvalidDurationsDoNotCrash() {
        #expect(RunView.duration(42) == "42s")
        #expect(RunView.duration(3_700) == "1h 1m")
        #expect(RunView.duration(1e30) == "> 1 y")
        #expect(RunView.duration(.infinity) == "?")
        #expect(RunView.duration(-1) == "?")
    }
}
