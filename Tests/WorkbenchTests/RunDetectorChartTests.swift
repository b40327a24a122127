import Foundation
import Runs
import Testing
import TerminalCore
@testable import Workbench

/// A run whose config names a detector: the Runs view shows each sample's P(machine), the latest mean in the panel,
/// and the mean per evaluation as the fourth second chart.
@Suite struct RunDetectorChartTests {
    @Test func detectorScoresShowBesideSamplesInThePanelAndAsAChart() throws {
        let folder = try TemporaryFolder()
        let runsFolder = folder.path + "/runs"
        let run = try makeHeadlessRun(in: runsFolder, name: "scored", steps: 60)
        let log = try MetricsLog(url: run.metricsURL)
        for (step, score) in [(61, 0.12), (62, 0.31)] {
            try log.append(MetricsRecord(kind: .sample, step: step, prompt: "Once upon", text: "a scored time \(step)",
                                         detectorScore: score, detector: "fast-detectgpt"))
            try log.append(MetricsRecord(kind: .detect, step: step, detectorScore: score, scores: [score],
                                         detector: "fast-detectgpt"))
        }
        try log.append(MetricsRecord(kind: .sample, step: 63, prompt: "Once upon", text: "short",
                                     detectorScore: nil, detector: "fast-detectgpt"))
        let app = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                               capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                               runsFolders: [URL(fileURLWithPath: runsFolder)])
        app.handle(.key(.character("2")))
        app.handle(.key(.enter))
        _ = app.pollBackgroundWork()
        var text = app.render(width: 140, height: 40).text
        #expect(text.contains("[0.31] step 62"), "a sample's score leads its line")
        #expect(text.contains("[—] step 63"), "an abstained sample says so")
        #expect(text.contains("detector   0.31 P(machine)"), "\(text)")
        for _ in 0..<3 { app.handle(.key(.character("c"))) }
        let grid = app.render(width: 140, height: 40)
        text = grid.text
        #expect(text.contains("detector: mean P(machine) of the samples per eval"))
        #expect(!text.contains("no detector: set [detector]"))
        // A run without detect records says how to turn the detector on.
        let plain = try makeHeadlessRun(in: folder.path + "/other", name: "plain", steps: 30)
        let other = WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                                 capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                                 runsFolders: [plain.url.deletingLastPathComponent()])
        other.handle(.key(.character("2")))
        other.handle(.key(.enter))
        _ = other.pollBackgroundWork()
        for _ in 0..<3 { other.handle(.key(.character("c"))) }
        #expect(other.render(width: 140, height: 40).text.contains("no detector: set [detector]"))
    }
}
