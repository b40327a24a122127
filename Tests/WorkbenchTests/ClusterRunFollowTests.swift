import Foundation
import Runs
import TerminalCore
import Testing
@testable import Workbench

/// A run trained on another machine (an exported train.py whose run folder is synced here) is followed like a local
/// one, shows where it runs, and is marked stale when its files stop changing.
@Suite struct ClusterRunFollowTests {
    /// A headless run whose status.json says it runs on `gpu-node-3`, with its files last changed `age` seconds ago.
    func clusterRun(in runsFolder: String, age: TimeInterval) throws {
        let folder = try makeHeadlessRun(in: runsFolder, name: "big-lora-trl", steps: 30)
        var status = try #require(folder.readStatusFile())
        status.host = "gpu-node-3"
        status.gpus = "8 x NVIDIA H100 80GB HBM3"
        status.processId = 2_147_483_000  // alive or not here, it is another machine's process
        try folder.writeStatus(status)
        let old = Date().addingTimeInterval(-age)
        for url in [folder.statusURL, folder.metricsURL] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
        }
    }

    func app(runsFolder: String, staleAfter: TimeInterval) -> WorkbenchApp {
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)], staleAfter: staleAfter)
        app.handle(.key(.character("2")))
        _ = app.pollBackgroundWork()
        return app
    }

    @Test func aRunWhoseFilesStoppedChangingIsMarkedStaleWithItsHost() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try clusterRun(in: runsFolder, age: 900)
        let app = app(runsFolder: runsFolder, staleAfter: 600)
        var text = app.render(width: 120, height: 36).text
        #expect(text.contains("stale 30/100"))
        app.handle(.key(.enter))
        _ = app.pollBackgroundWork()
        text = app.render(width: 120, height: 36).text
        #expect(text.contains("status     running"), "another machine's process id does not make it interrupted")
        #expect(text.contains("no update for") && text.contains("15m"))
        #expect(text.contains("gpu-node-3"))
        #expect(text.contains("8 x NVIDIA") && text.contains("H100 80GB"))
    }

    @Test func aRecentlyUpdatedRunOrATurnedOffMarkIsNotStale() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        try clusterRun(in: runsFolder, age: 900)
        #expect(app(runsFolder: runsFolder, staleAfter: 0).render(width: 120, height: 36).text.contains("running 30/100"))
        #expect(app(runsFolder: runsFolder, staleAfter: 3600).render(width: 120, height: 36).text.contains("running 30/100"))
    }
}
