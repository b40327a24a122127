import Foundation
import Runs
import Testing
import TerminalCore
@testable import Workbench

/// A section that exists only in these tests: registering it is all it takes for the app to draw it, route keys and
/// commands to it, list its keys in help and the palette, and ask before quitting while it is busy.
private final class FakeSection: WorkbenchSection {
    let title = "Fake"
    let key: Character = "6"
    let summary = "a section made by a test"
    var pendingMessage: StatusMessage?
    var busy = false
    private(set) var performed: [Command] = []
    private(set) var typed: [Key] = []
    private(set) var typing = false
    private(set) var stoppedForQuit = false
    private(set) var polls = 0

    static let poke = Command("fake.poke", title: "Poke the fake section")
    static let startTyping = Command("fake.type", title: "Type into the fake section")

    func keyMap(focus: Focus) -> KeyMap {
        KeyMap(title: "Fake", bindings: [KeyBinding([.character("x")], Self.poke),
                                         KeyBinding([.character("i")], Self.startTyping)])
    }

    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool {
        guard typing else { return false }
        if key == .escape { typing = false } else { typed.append(key) }
        return true
    }

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        switch command {
        case Self.poke:
            performed.append(command)
            pendingMessage = StatusMessage("poked \(performed.count)")
        case Self.startTyping:
            typing = true
        default:
            return false
        }
        return true
    }

    func poll() -> Bool {
        polls += 1
        return false
    }

    var quitWarning: QuitWarning? {
        busy ? QuitWarning(work: "Faking: busy.", question: "Stop faking and quit?", choices: "y: quit    n: stay") : nil
    }

    func prepareToQuit() { stoppedForQuit = true }

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        grid.drawBox(rect, glyphs: context.glyphs, title: "Fake list", titleRole: .title)
    }

    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        grid.drawBox(rect, glyphs: context.glyphs, title: "Fake main", titleRole: .title)
        grid.put("pokes: \(performed.count)", x: rect.x + 2, y: rect.y + 2, role: .text)
        return nil
    }

    func status(focus: Focus) -> SectionStatus {
        SectionStatus(mode: "FAKE", location: focus == .sidebar ? "fake list" : "fake main")
    }
}

private func makeApp(paths: [String] = [], runsFolders: [URL] = [], extra: [any WorkbenchSection] = []) -> WorkbenchApp {
    WorkbenchApp(sections: WorkbenchApp.standardSections(paths: paths, runConfigFolders: [], runsFolders: runsFolders,
                                                         modelFolders: []) + extra,
                 catalog: ThemeCatalog(themes: [.builtIn]),
                 capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode))
}

@Suite struct WorkbenchSectionTests {
    @Test func registeredSectionsAreReachableByTheirKeysAndDrawn() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let app = makeApp(paths: [file])
        #expect(app.sections.map(\.title) == ["Data", "Runs", "Chat", "Review", "RAFT"])
        #expect(app.sections.map(\.key) == ["1", "2", "3", "4", "5"])
        var text = app.render(width: 100, height: 30).text
        #expect(text.contains("TABLE"))
        #expect(text.contains("1 data 2 runs 3 chat"))
        app.handle(.key(.character("2")))
        text = app.render(width: 100, height: 30).text
        #expect(text.contains("RUNS"))
        #expect(text.contains("No run configs or runs."))
        app.handle(.key(.character("3")))
        text = app.render(width: 100, height: 30).text
        #expect(text.contains("CHAT"))
        #expect(text.contains("No models yet."))
        app.handle(.key(.character("1")))
        text = app.render(width: 100, height: 30).text
        #expect(text.contains("train.jsonl"))
        #expect(app.active is DataSection)
    }

    @Test func helpListsTheKeyOfEverySection() {
        let app = makeApp()
        app.handle(.key(.character("?")))
        let text = app.render(width: 100, height: 40).text
        #expect(text.contains("Go to Data: browse datasets"))
        #expect(text.contains("Go to Runs: configure"), "long titles are cut to the overlay")
        #expect(text.contains("Go to Chat: try a model"))
    }

    @Test func aRegisteredSectionIsDrawnAndReceivesKeys() {
        let fake = FakeSection()
        let app = makeApp(extra: [fake])
        #expect(app.render(width: 100, height: 30).text.contains("6 fake"), "the hint lists the new key")
        app.handle(.key(.character("6")))
        var text = app.render(width: 100, height: 30).text
        #expect(text.contains("Fake list"))
        #expect(text.contains("Fake main"))
        #expect(text.contains("FAKE"))
        app.handle(.key(.character("x")))
        app.handle(.key(.character("x")))
        #expect(fake.performed == [FakeSection.poke, FakeSection.poke])
        text = app.render(width: 100, height: 30).text
        #expect(text.contains("pokes: 2"))
        #expect(text.contains("poked 2"), "the section's message reaches the status bar")
        // While it takes text, keys that are commands elsewhere go to it.
        app.handle(.key(.character("i")))
        app.handle(.key(.character("x")))
        app.handle(.key(.character("Q")))
        app.handle(.key(.escape))
        #expect(fake.typed == [.character("x"), .character("Q")])
        #expect(!app.wantsToQuit)
        _ = app.pollBackgroundWork()
        #expect(fake.polls == 1)
    }

    @Test func aRegisteredSectionsCommandsAreInHelpAndThePalette() {
        let fake = FakeSection()
        let app = makeApp(extra: [fake])
        app.handle(.key(.character("6")))
        app.handle(.key(.character("?")))
        var text = app.render(width: 100, height: 40).text
        #expect(text.contains("Poke the fake section"))
        #expect(text.contains("Go to Fake: a section made by a test"))
        app.handle(.key(.escape))
        app.handle(.key(.character("1")))
        app.handle(.key(.character(":")))
        for character in "go to fake" { app.handle(.key(.character(character))) }
        text = app.render(width: 100, height: 40).text
        #expect(text.contains("Go to Fake"))
        app.handle(.key(.enter))
        #expect(app.active === fake)
    }

    @Test func backLeavesTheMainPaneThenQuits() {
        let fake = FakeSection()
        let app = makeApp(extra: [fake])
        app.handle(.key(.character("6")))
        app.handle(.key(.tab))
        #expect(app.focus == .main)
        app.handle(.key(.character("q")))
        #expect(app.focus == .sidebar)
        #expect(!app.wantsToQuit)
        app.handle(.key(.character("q")))
        #expect(app.wantsToQuit)
    }

    @Test func aBusySectionIsAskedBeforeQuitting() {
        let fake = FakeSection()
        fake.busy = true
        let app = makeApp(extra: [fake])
        app.handle(.key(.character("Q")))
        #expect(!app.wantsToQuit)
        let text = app.render(width: 100, height: 30).text
        #expect(text.contains("Faking: busy."))
        #expect(text.contains("Stop faking and quit?"))
        app.handle(.key(.character("n")))
        #expect(!app.wantsToQuit)
        app.handle(.key(.character("Q")))
        app.handle(.key(.character("y")))
        #expect(fake.stoppedForQuit)
        #expect(app.wantsToQuit)
    }

    @Test func runsAndChatShareOneCatalogue() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        let run = try makeHeadlessRun(in: runsFolder, name: "tuned", steps: 5, status: .completed)
        try FileManager.default.createDirectory(at: run.adapterURL, withIntermediateDirectories: true)
        try "{}".write(to: run.adapterURL.appendingPathComponent("adapter_config.json"), atomically: true, encoding: .utf8)
        let app = makeApp(runsFolders: [URL(fileURLWithPath: runsFolder)])
        let runs = try #require(app.section(RunsSection.self))
        let chat = try #require(app.section(ChatSection.self))
        #expect(runs.catalogue === chat.catalogue)
        #expect(runs.catalogue.runs.map(\.name) == ["tuned"])
        app.handle(.key(.character("2")))
        #expect(app.render(width: 120, height: 30).text.contains("tuned"))
        app.handle(.key(.character("3")))
        let text = app.render(width: 120, height: 30).text
        #expect(text.contains("tuned"))
        #expect(text.contains("base + LoRA adapter"))
    }
}

@Suite struct RunsCatalogueTests {
    /// A config that names a `runs_folder` (relative to the file) has its runs listed too, wherever the workbench was
    /// started (issue 21, item 14).
    @Test func runsOfAConfigsOwnRunsFolderAreListed() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/exp", withIntermediateDirectories: true)
        let config = try folder.write("exp/where.toml", "name = \"where\"\nruns_folder = \"../elsewhere\"\n")
        try makeHeadlessRun(in: folder.path + "/elsewhere", name: "where", steps: 2, status: .completed)
        let app = WorkbenchApp(sections: WorkbenchApp.standardSections(paths: [config], runConfigFolders: [],
                                                                        runsFolders: [], modelFolders: []),
                               catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode))
        let runs = try #require(app.section(RunsSection.self))
        #expect(runs.catalogue.runs.map(\.name) == ["where"])
    }

    @Test func listsRunsOldestFirstAndCountsChanges() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try makeHeadlessRun(in: runsFolder, name: "first", steps: 2, status: .completed)
        let catalogue = RunsCatalogue(folders: [URL(fileURLWithPath: runsFolder)])
        #expect(catalogue.runs.map(\.name) == ["first"])
        let before = catalogue.generation
        // A fresh listing finds nothing new: the generation stays.
        catalogue.refresh()
        #expect(catalogue.generation == before)
        let second = try makeHeadlessRun(in: runsFolder, name: "second", steps: 2)
        let index = catalogue.add(RunEntry(folder: second))
        #expect(index == 1)
        #expect(catalogue.generation == before + 1)
        #expect(catalogue.runs.map(\.name) == ["first", "second"])
        #expect(catalogue.activeRuns.isEmpty, "runs trained elsewhere are not stopped when quitting")
    }
}
